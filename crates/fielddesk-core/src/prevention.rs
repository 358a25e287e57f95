//! R5.2: the prevention checklist (问题预防措施清单): measures agreed to stop a problem coming back,
//! each with an owner, a due date and a status.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Person;
use crate::retrospective::RetrospectiveId;

/// The shell's id for a checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PreventionItemId(pub String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PreventionStatus {
    /// 未开始
    Open,
    /// 进行中
    InProgress,
    /// 已完成
    Done,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionItem {
    pub id: PreventionItemId,
    /// What is to be done, e.g. "升级前清理验证码缓存".
    pub measure: String,
    pub owner: Person,
    pub due: NaiveDate,
    pub status: PreventionStatus,
    /// The retrospective that agreed it, if any.
    pub retrospective: Option<RetrospectiveId>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PreventionError {
    #[error("R5.2: a prevention measure says what is to be done")]
    BlankMeasure,
    #[error("R5.2: a prevention measure has an owner")]
    NoOwner,
    #[error("R5.2: the due date {due} is already past")]
    DueInPast { due: NaiveDate },
    #[error("R5.2: item {} is already on the checklist", .0.0)]
    DuplicateItem(PreventionItemId),
    #[error("R5.2: item {} is not on the checklist", .0.0)]
    UnknownItem(PreventionItemId),
}

/// R5.2: the team's checklist, in the order items were added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionChecklist {
    items: Vec<PreventionItem>,
}

impl PreventionChecklist {
    /// The checklist of `items` as saved (each checked by [`PreventionChecklist::add`] then).
    pub fn of(items: Vec<PreventionItem>) -> PreventionChecklist {
        PreventionChecklist { items }
    }

    pub fn items(&self) -> &[PreventionItem] {
        &self.items
    }

    pub fn item(&self, id: &PreventionItemId) -> Option<&PreventionItem> {
        self.items.iter().find(|i| &i.id == id)
    }

    /// Adds an item, trimmed, once it has a measure, an owner and a due date no earlier than
    /// `today` (the team's local date).
    pub fn add(&mut self, item: PreventionItem, today: NaiveDate) -> Result<(), PreventionError> {
        let measure = item.measure.trim().to_string();
        if measure.is_empty() {
            return Err(PreventionError::BlankMeasure);
        }
        let owner = Person {
            name: item.owner.name.trim().to_string(),
            employee_id: item.owner.employee_id.trim().to_string(),
        };
        if owner.name.is_empty() {
            return Err(PreventionError::NoOwner);
        }
        if item.due < today {
            return Err(PreventionError::DueInPast { due: item.due });
        }
        if self.items.iter().any(|i| i.id == item.id) {
            return Err(PreventionError::DuplicateItem(item.id));
        }
        self.items.push(PreventionItem {
            measure,
            owner,
            ..item
        });
        Ok(())
    }

    pub fn set_status(
        &mut self,
        id: &PreventionItemId,
        status: PreventionStatus,
    ) -> Result<(), PreventionError> {
        let item = self
            .items
            .iter_mut()
            .find(|i| &i.id == id)
            .ok_or_else(|| PreventionError::UnknownItem(id.clone()))?;
        item.status = status;
        Ok(())
    }

    /// Items not done whose due date is before `today`.
    pub fn overdue(&self, today: NaiveDate) -> Vec<&PreventionItem> {
        self.items
            .iter()
            .filter(|i| i.status != PreventionStatus::Done && i.due < today)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, 11, d).unwrap()
    }

    fn item(id: &str, due: NaiveDate) -> PreventionItem {
        PreventionItem {
            id: PreventionItemId(id.into()),
            measure: " 升级前清理验证码缓存 ".into(),
            owner: Person {
                name: "王五".into(),
                employee_id: "TS200".into(),
            },
            due,
            status: PreventionStatus::Open,
            retrospective: Some(RetrospectiveId("R-1".into())),
        }
    }

    #[test]
    fn an_item_has_a_measure_an_owner_and_a_due_date_not_past() {
        let mut checklist = PreventionChecklist::default();
        checklist.add(item("P-1", day(10)), day(3)).unwrap();
        assert_eq!(checklist.items()[0].measure, "升级前清理验证码缓存");

        let mut blank = item("P-2", day(10));
        blank.measure = "  ".into();
        assert_eq!(
            checklist.add(blank, day(3)),
            Err(PreventionError::BlankMeasure)
        );
        let mut ownerless = item("P-2", day(10));
        ownerless.owner.name.clear();
        assert_eq!(
            checklist.add(ownerless, day(3)),
            Err(PreventionError::NoOwner)
        );
        assert_eq!(
            checklist.add(item("P-2", day(2)), day(3)),
            Err(PreventionError::DueInPast { due: day(2) })
        );
        assert_eq!(
            checklist.add(item("P-1", day(10)), day(3)),
            Err(PreventionError::DuplicateItem(PreventionItemId(
                "P-1".into()
            )))
        );
    }

    #[test]
    fn an_item_past_its_due_date_is_overdue_until_done() {
        let mut checklist = PreventionChecklist::default();
        checklist.add(item("P-1", day(10)), day(3)).unwrap();
        checklist.add(item("P-2", day(20)), day(3)).unwrap();
        assert!(checklist.overdue(day(10)).is_empty());
        let overdue: Vec<_> = checklist
            .overdue(day(11))
            .iter()
            .map(|i| i.id.0.clone())
            .collect();
        assert_eq!(overdue, ["P-1"]);
        let p1 = PreventionItemId("P-1".into());
        checklist.set_status(&p1, PreventionStatus::Done).unwrap();
        assert!(checklist.overdue(day(11)).is_empty());
        assert_eq!(
            checklist.set_status(&PreventionItemId("P-9".into()), PreventionStatus::Done),
            Err(PreventionError::UnknownItem(PreventionItemId("P-9".into())))
        );
    }
}
