//! People and roles (PROCESS.md "Roles"): who may act on a ticket, and the second-line supporters
//! who join it (R3.2).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Person;

/// The role someone acts in. Each command names the roles that may take it
/// (`CommandKind::allowed_roles`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// 提交人: reports the problem and confirms the fix (R4.2).
    Requester,
    /// 一线处理人: records, classifies, tries standard solutions (R1.6, R2.1, R3.1).
    FirstLine,
    /// 二线专家: root cause, remote debugging, reproduction (R3.2, R3.3).
    SecondLine,
    /// 技术支持主管: cross-domain coordination (R2.4), knowledge base owner (R5.4).
    Supervisor,
    /// 技术支持经理: approves major resource coordination (R3.4).
    Manager,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Requester,
        Role::FirstLine,
        Role::SecondLine,
        Role::Supervisor,
        Role::Manager,
    ];
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Role::Requester => "requester",
            Role::FirstLine => "first-line handler",
            Role::SecondLine => "second-line expert",
            Role::Supervisor => "support supervisor",
            Role::Manager => "support manager",
        })
    }
}

/// R3.2, R6: a second-line supporter and the role they joined in, e.g. 王五 (开发工程师).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Supporter {
    pub person: Person,
    /// Their speciality as the team names it: 开发工程师, 系统运维, 网络工程师…
    pub role: String,
}
