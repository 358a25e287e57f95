//! R1.2: what an intake record must hold before a ticket exists.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Person, Priority};

/// R1.2: who reported the problem and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitter {
    pub name: String,
    pub employee_id: String,
    pub contact: String,
    /// Department or business line.
    pub department: String,
}

impl Submitter {
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            employee_id: self.employee_id.clone(),
        }
    }
}

/// R1.2: the problem as the requester saw it. Only the symptom is required at intake; the rest
/// is what R1.4 asks the handler to complete.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Description {
    pub symptom: String,
    /// When it happened, as the requester said it.
    #[serde(default)]
    pub occurred: String,
    #[serde(default)]
    pub operation_path: String,
    #[serde(default)]
    pub error_text: String,
}

/// The intake form as filled in; `requested_priority` is `None` until someone picks one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeForm {
    pub submitter: Submitter,
    pub description: Description,
    pub channel: String,
    pub requested_priority: Option<Priority>,
}

/// A checked intake record: every required field is present and trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub submitter: Submitter,
    pub description: Description,
    pub channel: String,
    pub requested_priority: Priority,
}

/// The fields R1.2 requires, so a form can show an error beside the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntakeField {
    SubmitterName,
    EmployeeId,
    Contact,
    Department,
    Symptom,
    Channel,
    RequestedPriority,
}

impl fmt::Display for IntakeField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IntakeField::SubmitterName => "submitter name",
            IntakeField::EmployeeId => "employee ID",
            IntakeField::Contact => "contact",
            IntakeField::Department => "department",
            IntakeField::Symptom => "problem description",
            IntakeField::Channel => "channel",
            IntakeField::RequestedPriority => "requested priority",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("R1.2: the {0} is required")]
    Missing(IntakeField),
    #[error("R1.1: \"{0}\" is not one of the team's channels")]
    UnknownChannel(String),
}

impl IntakeError {
    pub fn field(&self) -> IntakeField {
        match self {
            IntakeError::Missing(field) => *field,
            IntakeError::UnknownChannel(_) => IntakeField::Channel,
        }
    }
}

impl IntakeForm {
    /// R1.1, R1.2: every problem found in the form, in form order, or the checked record.
    pub fn check(&self, channels: &[String]) -> Result<Intake, Vec<IntakeError>> {
        let text = |value: &str| value.trim().to_string();
        let submitter = Submitter {
            name: text(&self.submitter.name),
            employee_id: text(&self.submitter.employee_id),
            contact: text(&self.submitter.contact),
            department: text(&self.submitter.department),
        };
        let description = Description {
            symptom: text(&self.description.symptom),
            occurred: text(&self.description.occurred),
            operation_path: text(&self.description.operation_path),
            error_text: text(&self.description.error_text),
        };
        let channel = text(&self.channel);

        let required = [
            (IntakeField::SubmitterName, &submitter.name),
            (IntakeField::EmployeeId, &submitter.employee_id),
            (IntakeField::Contact, &submitter.contact),
            (IntakeField::Department, &submitter.department),
            (IntakeField::Symptom, &description.symptom),
            (IntakeField::Channel, &channel),
        ];
        let mut errors: Vec<IntakeError> = required
            .iter()
            .filter(|(_, value)| value.is_empty())
            .map(|(field, _)| IntakeError::Missing(*field))
            .collect();
        if !channel.is_empty() && !channels.contains(&channel) {
            errors.push(IntakeError::UnknownChannel(channel.clone()));
        }
        match self.requested_priority {
            Some(requested_priority) if errors.is_empty() => Ok(Intake {
                submitter,
                description,
                channel,
                requested_priority,
            }),
            Some(_) => Err(errors),
            None => {
                errors.push(IntakeError::Missing(IntakeField::RequestedPriority));
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example::zhang_san_form;
    use crate::model::default_channels;

    #[test]
    fn a_complete_form_is_accepted_and_trimmed() {
        let mut form = zhang_san_form();
        form.submitter.name = "  张三 ".into();
        let intake = form.check(&default_channels()).unwrap();
        assert_eq!(intake.submitter.name, "张三");
        assert_eq!(intake.requested_priority, Priority::P2);
    }

    #[test]
    fn every_missing_required_field_is_named() {
        let errors = IntakeForm::default()
            .check(&default_channels())
            .unwrap_err();
        let fields: Vec<IntakeField> = errors.iter().map(IntakeError::field).collect();
        assert_eq!(
            fields,
            [
                IntakeField::SubmitterName,
                IntakeField::EmployeeId,
                IntakeField::Contact,
                IntakeField::Department,
                IntakeField::Symptom,
                IntakeField::Channel,
                IntakeField::RequestedPriority,
            ]
        );
        assert_eq!(
            errors[0].to_string(),
            "R1.2: the submitter name is required"
        );
    }

    #[test]
    fn blank_text_counts_as_missing() {
        let mut form = zhang_san_form();
        form.description.symptom = " \n\t ".into();
        let errors = form.check(&default_channels()).unwrap_err();
        assert_eq!(errors, [IntakeError::Missing(IntakeField::Symptom)]);
    }

    #[test]
    fn a_channel_outside_the_teams_list_is_refused() {
        let mut form = zhang_san_form();
        form.channel = "飞鸽传书".into();
        let errors = form.check(&default_channels()).unwrap_err();
        assert_eq!(errors, [IntakeError::UnknownChannel("飞鸽传书".into())]);
        assert_eq!(errors[0].field(), IntakeField::Channel);
    }
}
