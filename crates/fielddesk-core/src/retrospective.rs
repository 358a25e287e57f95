//! R5.2: the retrospective (复盘会议) of a typical or recurring problem, led by the supervisor.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Person;
use crate::numbering::TicketNo;
use crate::roles::Role;

/// The shell's id for a retrospective.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RetrospectiveId(pub String);

/// The retrospective as the supervisor fills it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetrospectiveForm {
    pub date: Option<NaiveDate>,
    pub led_by: Person,
    /// The role the leader acts in; R5.2 wants the support supervisor.
    pub led_by_role: Option<Role>,
    pub tickets: Vec<TicketNo>,
    pub process_gaps: Vec<String>,
    pub knowledge_gaps: Vec<String>,
    /// What is to change: knowledge-base updates, prevention checklist items (R5.2).
    pub actions: Vec<String>,
}

/// R5.2: a checked retrospective record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retrospective {
    pub id: RetrospectiveId,
    pub date: NaiveDate,
    pub led_by: Person,
    /// The tickets discussed, each once, in the order given.
    pub tickets: Vec<TicketNo>,
    pub process_gaps: Vec<String>,
    pub knowledge_gaps: Vec<String>,
    pub actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetrospectiveError {
    #[error("R5.2: a retrospective has a date")]
    NoDate,
    #[error("R5.2: a retrospective is led by the support supervisor, not a {0}")]
    NotLedBySupervisor(Role),
    #[error("R5.2: name the supervisor who leads the retrospective")]
    LeaderUnnamed,
    #[error("R5.2: a retrospective discusses at least one ticket")]
    NoTickets,
    #[error("R5.2: a retrospective records the process or knowledge gaps it found")]
    NoGaps,
    #[error(
        "R5.2: a retrospective records what will change (knowledge base or prevention checklist)"
    )]
    NoActions,
}

impl RetrospectiveForm {
    /// R5.2: the record, once it has a date, a supervisor leading it, a ticket, a gap and an
    /// action; texts trimmed, blank entries and repeated tickets dropped.
    pub fn check(self, id: RetrospectiveId) -> Result<Retrospective, RetrospectiveError> {
        let date = self.date.ok_or(RetrospectiveError::NoDate)?;
        match self.led_by_role {
            Some(Role::Supervisor) => {}
            Some(role) => return Err(RetrospectiveError::NotLedBySupervisor(role)),
            None => return Err(RetrospectiveError::LeaderUnnamed),
        }
        let led_by = Person {
            name: self.led_by.name.trim().to_string(),
            employee_id: self.led_by.employee_id.trim().to_string(),
        };
        if led_by.name.is_empty() {
            return Err(RetrospectiveError::LeaderUnnamed);
        }
        let mut tickets: Vec<TicketNo> = Vec::with_capacity(self.tickets.len());
        for ticket in self.tickets {
            if !tickets.contains(&ticket) {
                tickets.push(ticket);
            }
        }
        if tickets.is_empty() {
            return Err(RetrospectiveError::NoTickets);
        }
        let (process_gaps, knowledge_gaps) = (texts(self.process_gaps), texts(self.knowledge_gaps));
        if process_gaps.is_empty() && knowledge_gaps.is_empty() {
            return Err(RetrospectiveError::NoGaps);
        }
        let actions = texts(self.actions);
        if actions.is_empty() {
            return Err(RetrospectiveError::NoActions);
        }
        Ok(Retrospective {
            id,
            date,
            led_by,
            tickets,
            process_gaps,
            knowledge_gaps,
            actions,
        })
    }
}

fn texts(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RetrospectiveForm {
        RetrospectiveForm {
            date: NaiveDate::from_ymd_opt(2023, 11, 3),
            led_by: Person {
                name: "赵六".into(),
                employee_id: "TS300".into(),
            },
            led_by_role: Some(Role::Supervisor),
            tickets: vec![
                "TS20231027001".parse().unwrap(),
                "TS20231030002".parse().unwrap(),
                "TS20231027001".parse().unwrap(),
            ],
            process_gaps: vec!["升级前未清理缓存".into(), " ".into()],
            knowledge_gaps: vec![],
            actions: vec!["更新知识库 KB-0001".into()],
        }
    }

    fn id() -> RetrospectiveId {
        RetrospectiveId("R-1".into())
    }

    #[test]
    fn a_complete_retrospective_is_recorded_with_each_ticket_once() {
        let retro = form().check(id()).unwrap();
        assert_eq!(retro.tickets.len(), 2);
        assert_eq!(retro.process_gaps, ["升级前未清理缓存"]);
        assert_eq!(retro.led_by.name, "赵六");
    }

    #[test]
    fn only_the_supervisor_leads_a_retrospective() {
        let mut first_line = form();
        first_line.led_by_role = Some(Role::FirstLine);
        let error = first_line.check(id()).unwrap_err();
        assert_eq!(
            error,
            RetrospectiveError::NotLedBySupervisor(Role::FirstLine)
        );
        assert_eq!(
            error.to_string(),
            "R5.2: a retrospective is led by the support supervisor, not a first-line handler"
        );
    }

    #[test]
    fn a_retrospective_needs_tickets_a_gap_and_an_action() {
        let mut no_tickets = form();
        no_tickets.tickets.clear();
        assert_eq!(no_tickets.check(id()), Err(RetrospectiveError::NoTickets));

        let mut no_gaps = form();
        no_gaps.process_gaps = vec!["  ".into()];
        assert_eq!(no_gaps.check(id()), Err(RetrospectiveError::NoGaps));

        let mut knowledge_only = form();
        knowledge_only.process_gaps.clear();
        knowledge_only.knowledge_gaps = vec!["知识库缺少验证码问题的处理步骤".into()];
        assert!(knowledge_only.check(id()).is_ok());

        let mut no_actions = form();
        no_actions.actions.clear();
        assert_eq!(no_actions.check(id()), Err(RetrospectiveError::NoActions));

        let mut no_date = form();
        no_date.date = None;
        assert_eq!(no_date.check(id()), Err(RetrospectiveError::NoDate));
    }
}
