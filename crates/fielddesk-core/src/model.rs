//! The vocabulary of the tracking form (R6): priorities, people, channels.

use std::fmt;

use serde::{Deserialize, Serialize};

/// R1.3: how much the problem hurts the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Priority {
    /// 紧急影响核心业务: urgent, core business affected.
    P1,
    /// 重要影响部分功能: important, part of the functions affected.
    P2,
    /// 一般不影响主要流程: general, main flow not affected.
    P3,
    /// 咨询类问题: consultation.
    P4,
}

impl Priority {
    pub const ALL: [Priority; 4] = [Priority::P1, Priority::P2, Priority::P3, Priority::P4];
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// Someone who acts on a ticket: a name and an employee ID, e.g. 张三 / TS001.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Person {
    pub name: String,
    pub employee_id: String,
}

/// R1.1: the unified channels a problem may arrive through (editable; these are the defaults).
pub const DEFAULT_CHANNELS: [&str; 6] = [
    "工单系统",
    "服务热线",
    "企业微信群",
    "钉钉群",
    "邮件",
    "现场",
];

pub fn default_channels() -> Vec<String> {
    DEFAULT_CHANNELS.iter().map(|c| c.to_string()).collect()
}

/// The items of a list as people type them: separated by commas (`,` or the full-width `，`),
/// the enumeration comma `、`, semicolons (`;` `；`), spaces or new lines. Every list the user
/// types — ticket numbers, consulted articles — is split by this one rule.
pub fn list_items(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .filter(|item| !item.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_list_splits_on_every_comma_people_use() {
        let items: Vec<&str> =
            list_items("TS20231020003, TS20231020004，KB-0012、KB-0013；x;y\nz  ").collect();
        assert_eq!(
            items,
            [
                "TS20231020003",
                "TS20231020004",
                "KB-0012",
                "KB-0013",
                "x",
                "y",
                "z"
            ]
        );
        assert_eq!(list_items(" ，、 ").count(), 0);
    }
}
