//! The template's own example ticket (PROCESS.md R6), shared by the tests.

use crate::intake::{Description, IntakeForm, Submitter};
use crate::model::Priority;

/// 张三/TS001-研发部-13800000000: the OA login says "验证码错误" after three tries; requested P2.
pub(crate) fn zhang_san_form() -> IntakeForm {
    IntakeForm {
        submitter: Submitter {
            name: "张三".into(),
            employee_id: "TS001".into(),
            contact: "13800000000".into(),
            department: "研发部".into(),
        },
        description: Description {
            symptom: "10:00登录OA系统时提示'验证码错误',已尝试3次均失败".into(),
            ..Description::default()
        },
        channel: "工单系统".into(),
        requested_priority: Some(Priority::P2),
    }
}
