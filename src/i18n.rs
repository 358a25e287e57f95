//! Every visible string, in zh-CN (the default) and English. Keys are an enum, so a missing
//! translation is a compile error, not a blank on screen.

use fielddesk_core::{IntakeError, IntakeField, Priority};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The value of `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    AppName,
    Tagline,
    LanguageSwitch,
    NewTicket,
    IntakeHint,
    Submitter,
    Problem,
    SubmitterName,
    EmployeeId,
    Contact,
    Department,
    Symptom,
    SymptomPlaceholder,
    Channel,
    ChooseChannel,
    RequestedPriority,
    Save,
    Saving,
    Created,
    Queue,
    QueueEmpty,
    Loading,
    LoadFailed,
    SaveFailed,
    FixFields,
}

pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match (lang, msg) {
        (Lang::Zh, AppName) => "Fielddesk 现场工单",
        (Lang::En, AppName) => "Fielddesk",
        (Lang::Zh, Tagline) => "技术支持问题处理流程",
        (Lang::En, Tagline) => "Technical-support problem resolution",
        (Lang::Zh, LanguageSwitch) => "English",
        (Lang::En, LanguageSwitch) => "中文",
        (Lang::Zh, NewTicket) => "问题接收与初步记录",
        (Lang::En, NewTicket) => "Intake and initial record",
        (Lang::Zh, IntakeHint) => "带 * 的为必填项。保存后系统自动生成问题编号。",
        (Lang::En, IntakeHint) => {
            "Fields marked * are required. The ticket number is assigned on save."
        }
        (Lang::Zh, Submitter) => "提交人信息",
        (Lang::En, Submitter) => "Submitter",
        (Lang::Zh, Problem) => "问题描述",
        (Lang::En, Problem) => "Problem",
        (Lang::Zh, SubmitterName) => "姓名",
        (Lang::En, SubmitterName) => "Name",
        (Lang::Zh, EmployeeId) => "工号",
        (Lang::En, EmployeeId) => "Employee ID",
        (Lang::Zh, Contact) => "联系方式",
        (Lang::En, Contact) => "Contact",
        (Lang::Zh, Department) => "部门/业务线",
        (Lang::En, Department) => "Department / business line",
        (Lang::Zh, Symptom) => "问题描述",
        (Lang::En, Symptom) => "Description",
        (Lang::Zh, SymptomPlaceholder) => "现象、发生时间、操作路径、报错信息",
        (Lang::En, SymptomPlaceholder) => "Symptom, when it happened, operation path, error text",
        (Lang::Zh, Channel) => "接收渠道",
        (Lang::En, Channel) => "Channel",
        (Lang::Zh, ChooseChannel) => "请选择渠道",
        (Lang::En, ChooseChannel) => "Choose a channel",
        (Lang::Zh, RequestedPriority) => "提交人期望优先级",
        (Lang::En, RequestedPriority) => "Requested priority",
        (Lang::Zh, Save) => "保存工单",
        (Lang::En, Save) => "Save ticket",
        (Lang::Zh, Saving) => "正在保存…",
        (Lang::En, Saving) => "Saving…",
        (Lang::Zh, Created) => "已创建工单",
        (Lang::En, Created) => "Ticket created",
        (Lang::Zh, Queue) => "工单队列",
        (Lang::En, Queue) => "Ticket queue",
        (Lang::Zh, QueueEmpty) => "暂无工单。填写左侧表单创建第一张工单。",
        (Lang::En, QueueEmpty) => "No tickets yet. Fill in the form to create the first one.",
        (Lang::Zh, Loading) => "正在读取本地数据…",
        (Lang::En, Loading) => "Reading local data…",
        (Lang::Zh, LoadFailed) => "无法读取本地数据",
        (Lang::En, LoadFailed) => "Local data could not be read",
        (Lang::Zh, SaveFailed) => "保存失败,已填写的内容仍保留在表单中",
        (Lang::En, SaveFailed) => "Not saved; what you typed is still in the form",
        (Lang::Zh, FixFields) => "请补全标出的必填项后再保存",
        (Lang::En, FixFields) => "Complete the marked fields, then save",
    }
}

/// R1.3's wording of each priority.
pub fn priority_label(lang: Lang, priority: Priority) -> &'static str {
    match (lang, priority) {
        (Lang::Zh, Priority::P1) => "紧急 · 影响核心业务",
        (Lang::Zh, Priority::P2) => "重要 · 影响部分功能",
        (Lang::Zh, Priority::P3) => "一般 · 不影响主要流程",
        (Lang::Zh, Priority::P4) => "咨询类问题",
        (Lang::En, Priority::P1) => "Urgent · core business affected",
        (Lang::En, Priority::P2) => "Important · some functions affected",
        (Lang::En, Priority::P3) => "General · main flow not affected",
        (Lang::En, Priority::P4) => "Consultation",
    }
}

pub fn priority_short(lang: Lang, priority: Priority) -> &'static str {
    match (lang, priority) {
        (Lang::Zh, Priority::P1) => "紧急",
        (Lang::Zh, Priority::P2) => "重要",
        (Lang::Zh, Priority::P3) => "一般",
        (Lang::Zh, Priority::P4) => "咨询",
        (Lang::En, Priority::P1) => "Urgent",
        (Lang::En, Priority::P2) => "Important",
        (Lang::En, Priority::P3) => "General",
        (Lang::En, Priority::P4) => "Question",
    }
}

pub fn field_label(lang: Lang, field: IntakeField) -> &'static str {
    t(
        lang,
        match field {
            IntakeField::SubmitterName => Msg::SubmitterName,
            IntakeField::EmployeeId => Msg::EmployeeId,
            IntakeField::Contact => Msg::Contact,
            IntakeField::Department => Msg::Department,
            IntakeField::Symptom => Msg::Symptom,
            IntakeField::Channel => Msg::Channel,
            IntakeField::RequestedPriority => Msg::RequestedPriority,
        },
    )
}

/// The core's intake errors, in the user's words.
pub fn intake_error(lang: Lang, error: &IntakeError) -> String {
    match (lang, error) {
        (Lang::Zh, IntakeError::Missing(IntakeField::Channel | IntakeField::RequestedPriority)) => {
            format!("请选择{}", field_label(lang, error.field()))
        }
        (Lang::Zh, IntakeError::Missing(field)) => format!("请填写{}", field_label(lang, *field)),
        (Lang::En, IntakeError::Missing(field)) => {
            format!("{} is required", field_label(lang, *field))
        }
        (Lang::Zh, IntakeError::UnknownChannel(channel)) => {
            format!("“{channel}”不是团队设定的接收渠道")
        }
        (Lang::En, IntakeError::UnknownChannel(channel)) => {
            format!("\"{channel}\" is not one of the team's channels")
        }
    }
}

/// A moment in the user's local time, as each language writes it.
pub fn date_time(lang: Lang, at: chrono::DateTime<chrono::Local>) -> String {
    match lang {
        Lang::Zh => at.format("%Y-%m-%d %H:%M").to_string(),
        Lang::En => at.format("%b %-d, %Y %H:%M").to_string(),
    }
}
