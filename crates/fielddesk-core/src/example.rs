//! The process template's own example (PROCESS.md R6), for tests, benchmarks and demos:
//! 张三/TS001-研发部-13800000000; the OA login says "验证码错误" after three tries; requested P2.

use crate::intake::{Description, Intake, IntakeForm, Submitter};
use crate::model::Priority;

pub const SYMPTOM: &str = "10:00登录OA系统时提示'验证码错误',已尝试3次均失败";

/// 张三 of 研发部, the template's requester.
pub fn submitter() -> Submitter {
    Submitter {
        name: "张三".into(),
        employee_id: "TS001".into(),
        contact: "13800000000".into(),
        department: "研发部".into(),
    }
}

/// The intake form as 张三's problem arrives through the ticket system.
pub fn zhang_san_form() -> IntakeForm {
    IntakeForm {
        submitter: submitter(),
        description: Description {
            symptom: SYMPTOM.into(),
            ..Description::default()
        },
        channel: "工单系统".into(),
        requested_priority: Some(Priority::P2),
    }
}

/// The same, checked.
pub fn zhang_san_intake() -> Intake {
    Intake {
        submitter: submitter(),
        description: Description {
            symptom: SYMPTOM.into(),
            ..Description::default()
        },
        channel: "工单系统".into(),
        requested_priority: Priority::P2,
    }
}
