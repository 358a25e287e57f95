pub mod intake_form;
pub mod queue;
pub mod transfer;
