//! R2.1: the category standard (技术支持问题分类标准). Categories have two levels, written
//! `大类-小类` (e.g. `系统故障-登录异常`), and are tags on a ticket. The team edits the standard;
//! these are the defaults.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// R2.1: a two-level category, `大类-小类`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Category {
    major: String,
    minor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StandardError {
    #[error("R2.1: a category is written 大类-小类, e.g. 系统故障-登录异常")]
    Malformed,
    #[error("R2.1: {0} is already in the category standard")]
    AlreadyInStandard(Category),
    #[error("R2.1: {0} is not in the category standard")]
    NotInStandard(Category),
}

impl Category {
    /// Both levels are trimmed and required; the major category cannot contain `-`, so the
    /// written form has one reading.
    pub fn new(major: &str, minor: &str) -> Result<Self, StandardError> {
        let (major, minor) = (major.trim(), minor.trim());
        if major.is_empty() || minor.is_empty() || major.contains('-') {
            return Err(StandardError::Malformed);
        }
        Ok(Self {
            major: major.to_string(),
            minor: minor.to_string(),
        })
    }

    /// 大类, e.g. 系统故障.
    pub fn major(&self) -> &str {
        &self.major
    }

    /// 小类, e.g. 登录异常.
    pub fn minor(&self) -> &str {
        &self.minor
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.major, self.minor)
    }
}

impl FromStr for Category {
    type Err = StandardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (major, minor) = s.split_once('-').ok_or(StandardError::Malformed)?;
        Category::new(major, minor)
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// R2.1: one 大类 and its 小类, in the order the team lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MajorCategory {
    pub name: String,
    pub minors: Vec<String>,
}

/// R2.1: the editable two-level category standard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryStandard {
    majors: Vec<MajorCategory>,
}

/// R2.1: the default standard: the source's five examples (硬件故障, 软件Bug, 操作指导, 权限配置,
/// 网络异常) and the two written examples (系统故障-登录异常, 操作咨询-流程审批), each with a few
/// common 小类.
const DEFAULT_STANDARD: [(&str, &[&str]); 7] = [
    (
        "系统故障",
        &["登录异常", "服务不可用", "性能缓慢", "数据异常"],
    ),
    ("硬件故障", &["终端设备", "打印设备", "服务器", "外设"]),
    ("软件Bug", &["功能缺陷", "界面显示", "接口异常"]),
    ("网络异常", &["无法连接", "网速缓慢", "VPN"]),
    ("权限配置", &["账号开通", "权限申请", "密码重置"]),
    ("操作指导", &["安装配置", "功能使用"]),
    ("操作咨询", &["流程审批", "规章制度"]),
];

impl Default for CategoryStandard {
    fn default() -> Self {
        let majors = DEFAULT_STANDARD
            .iter()
            .map(|(name, minors)| MajorCategory {
                name: name.to_string(),
                minors: minors.iter().map(|m| m.to_string()).collect(),
            })
            .collect();
        Self { majors }
    }
}

impl CategoryStandard {
    /// A standard with no categories, for a team that writes its own.
    pub fn empty() -> Self {
        Self { majors: Vec::new() }
    }

    pub fn majors(&self) -> &[MajorCategory] {
        &self.majors
    }

    pub fn contains(&self, category: &Category) -> bool {
        self.majors
            .iter()
            .any(|m| m.name == category.major && m.minors.contains(&category.minor))
    }

    /// Adds a 小类, and its 大类 if it is new.
    pub fn add(&mut self, category: Category) -> Result<(), StandardError> {
        if self.contains(&category) {
            return Err(StandardError::AlreadyInStandard(category));
        }
        match self.majors.iter_mut().find(|m| m.name == category.major) {
            Some(major) => major.minors.push(category.minor),
            None => self.majors.push(MajorCategory {
                name: category.major,
                minors: vec![category.minor],
            }),
        }
        Ok(())
    }

    /// Removes a 小类, and its 大类 once it has none left. Tickets keep the tags they have.
    pub fn remove(&mut self, category: &Category) -> Result<(), StandardError> {
        if !self.contains(category) {
            return Err(StandardError::NotInStandard(category.clone()));
        }
        for major in &mut self.majors {
            if major.name == category.major {
                major.minors.retain(|m| *m != category.minor);
            }
        }
        self.majors.retain(|m| !m.minors.is_empty());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category(text: &str) -> Category {
        text.parse().unwrap()
    }

    #[test]
    fn the_templates_examples_are_in_the_default_standard() {
        let standard = CategoryStandard::default();
        assert!(standard.contains(&category("系统故障-登录异常")));
        assert!(standard.contains(&category("操作咨询-流程审批")));
        for major in ["硬件故障", "软件Bug", "操作指导", "权限配置", "网络异常"] {
            assert!(standard.majors().iter().any(|m| m.name == major), "{major}");
        }
    }

    #[test]
    fn a_category_is_written_major_dash_minor() {
        let c = category(" 系统故障 - 登录异常 ");
        assert_eq!(c.major(), "系统故障");
        assert_eq!(c.minor(), "登录异常");
        assert_eq!(c.to_string(), "系统故障-登录异常");
        for bad in ["系统故障", "-登录异常", "系统故障-", " - "] {
            assert_eq!(
                bad.parse::<Category>(),
                Err(StandardError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"系统故障-登录异常\"");
    }

    #[test]
    fn the_standard_is_editable() {
        let mut standard = CategoryStandard::default();
        let new = category("数据库-死锁");
        standard.add(new.clone()).unwrap();
        assert!(standard.contains(&new));
        assert_eq!(
            standard.add(new.clone()),
            Err(StandardError::AlreadyInStandard(new.clone()))
        );
        standard.remove(&new).unwrap();
        assert!(!standard.majors().iter().any(|m| m.name == "数据库"));
        assert_eq!(
            standard.remove(&new),
            Err(StandardError::NotInStandard(new))
        );
    }
}
