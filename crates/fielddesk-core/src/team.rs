//! The team (PROCESS.md "Roles"): who is on it, the role each acts in, and the choices the
//! process makes from it — who may be brought in as second line (R3.2), who takes a ticket
//! (R1.6), who leads a retrospective (R5.2), who is acting on this browser, and the team's day
//! (in `SlaPolicy::team_zone`, the one zone numbers, months and times are read in).
//!
//! There is no login in a single-browser app: "who am I" is a choice the user makes, and the
//! core never makes it for them (a choice that went missing is no choice, not the first member).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::Person;
use crate::roles::{Role, Supporter};
use crate::sla::SlaPolicy;

/// Someone on the team, the role they act in, and their speciality as second line names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub employee_id: String,
    pub role: Role,
    /// e.g. 开发工程师, 系统运维; shown as the supporter's role when they join a ticket (R6).
    #[serde(default)]
    pub speciality: String,
}

impl Member {
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            employee_id: self.employee_id.clone(),
        }
    }

    pub fn supporter(&self) -> Supporter {
        Supporter {
            person: self.person(),
            role: self.speciality.clone(),
        }
    }
}

/// One member per role, plus the template's requester 张三 (PROCESS.md R6), who may give his own
/// feedback: a new team can try every role at once.
pub fn sample_team() -> Vec<Member> {
    let member = |name: &str, id: &str, role, speciality: &str| Member {
        name: name.into(),
        employee_id: id.into(),
        role,
        speciality: speciality.into(),
    };
    vec![
        member("李四", "TS100", Role::FirstLine, "一线支持"),
        member("王五", "TS200", Role::SecondLine, "开发工程师"),
        member("孙七", "TS201", Role::SecondLine, "系统运维"),
        member("赵六", "TS300", Role::Supervisor, "技术支持主管"),
        member("钱八", "TS400", Role::Manager, "技术支持经理"),
        member("张三", "TS001", Role::Requester, "研发部"),
    ]
}

/// The member `employee_id` names, if they are on the team. "Who am I" resolves through this
/// and nothing else: an id that left the team means nobody is chosen.
pub fn member<'a>(team: &'a [Member], employee_id: &str) -> Option<&'a Member> {
    team.iter().find(|m| m.employee_id == employee_id)
}

/// R3.2, R2.4: the members who may join a ticket as second-line experts — second line only,
/// never `except` (the person acting) nor a requester or the manager.
pub fn second_line_experts<'a>(team: &'a [Member], except: &str) -> Vec<&'a Member> {
    team.iter()
        .filter(|m| m.role == Role::SecondLine && m.employee_id != except)
        .collect()
}

/// R1.6: the members a ticket may be assigned to — first line normally; the supervisor and
/// second line may take one too. Never a requester or the manager.
pub fn handlers(team: &[Member]) -> Vec<&Member> {
    team.iter()
        .filter(|m| {
            matches!(
                m.role,
                Role::FirstLine | Role::SecondLine | Role::Supervisor
            )
        })
        .collect()
}

/// R5.2: who leads a retrospective unless someone else is chosen — the team's first supervisor.
pub fn default_leader(team: &[Member]) -> Option<&Member> {
    team.iter().find(|m| m.role == Role::Supervisor)
}

/// R1.5: the team's date at `at`, the date a ticket opened then is numbered with.
pub fn date_at(policy: &SlaPolicy, at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&policy.team_zone()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn ids(members: &[&Member]) -> Vec<String> {
        members.iter().map(|m| m.employee_id.clone()).collect()
    }

    #[test]
    fn a_member_who_left_the_team_is_nobody_not_the_first_member() {
        let team = sample_team();
        assert_eq!(
            member(&team, "TS200").map(|m| m.role),
            Some(Role::SecondLine)
        );
        assert_eq!(member(&team, "TS999"), None);
        assert_eq!(member(&team, ""), None);
    }

    #[test]
    fn only_second_line_members_are_offered_as_experts_and_never_the_one_acting() {
        let team = sample_team();
        // 王五 TS200 and 孙七 TS201 are second line; the requester 张三 and the manager 钱八 are not.
        assert_eq!(
            ids(&second_line_experts(&team, "TS100")),
            ["TS200", "TS201"]
        );
        assert_eq!(ids(&second_line_experts(&team, "TS200")), ["TS201"]);
    }

    #[test]
    fn tickets_are_assigned_to_handlers_not_to_requesters_or_the_manager() {
        assert_eq!(
            ids(&handlers(&sample_team())),
            ["TS100", "TS200", "TS201", "TS300"]
        );
    }

    #[test]
    fn the_supervisor_leads_a_retrospective_by_default() {
        let team = sample_team();
        assert_eq!(
            default_leader(&team).map(|m| m.employee_id.as_str()),
            Some("TS300")
        );
        let no_supervisor: Vec<Member> = team
            .into_iter()
            .filter(|m| m.role != Role::Supervisor)
            .collect();
        assert_eq!(default_leader(&no_supervisor), None);
    }

    #[test]
    fn a_ticket_made_near_midnight_is_dated_in_the_teams_zone_not_the_browsers() {
        let policy = SlaPolicy::default();
        assert_eq!(policy.team_zone(), chrono_tz::Asia::Shanghai);
        // 2023-10-26 16:30 UTC is 2023-10-27 00:30 in Shanghai (UTC+8): the team's 27th,
        // although a laptop in London still reads the 26th.
        let at = Utc.with_ymd_and_hms(2023, 10, 26, 16, 30, 0).unwrap();
        assert_eq!(
            date_at(&policy, at),
            NaiveDate::from_ymd_opt(2023, 10, 27).unwrap()
        );
    }
}
