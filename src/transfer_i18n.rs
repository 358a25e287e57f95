//! The strings of the import/export panel, in zh-CN and English; kept apart from `i18n` so the
//! transfer work merges without touching the shared table.

use fielddesk_core::sealed::{MAX_ITERATIONS, MIN_ITERATIONS};
use fielddesk_core::{ImportConflict, ImportError, PassphraseError, SealedError, Step};

use crate::crypto::CryptoError;
use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TMsg {
    Title,
    Hint,
    ExportAll,
    ExportSelected,
    ChooseTickets,
    ExportCsv,
    Exported,
    ImportTitle,
    PickFile,
    DropHint,
    Reading,
    Checking,
    BadFile,
    PreviewOf,
    New,
    Updated,
    Unchanged,
    Conflicts,
    Renumbered,
    NewArticles,
    UpdatedArticles,
    UnchangedArticles,
    RenumberedArticles,
    NothingNew,
    Confirm,
    Cancel,
    Writing,
    WriteFailed,
    StoreMissing,
    StorageTitle,
    Persistent,
    NotPersistent,
    PersistUnknown,
    Used,
    Of,
    CsvNumber,
    CsvSubmitter,
    CsvDepartment,
    CsvDescription,
    CsvCategory,
    CsvRequested,
    CsvConfirmed,
    CsvStep,
    CsvHandler,
    CsvCreated,
    SealToggle,
    SealHint,
    SealWarning,
    SealSeparately,
    Passphrase,
    PassphraseAgain,
    PassphraseRule,
    ShowPassphrase,
    Sealing,
    ExportedSealed,
    SealedTitle,
    SealedPrompt,
    Unlock,
    Unlocking,
    EnterPassphrase,
    Decrypted,
    BadSealedFile,
}

pub fn tt(lang: Lang, msg: TMsg) -> &'static str {
    use TMsg::*;
    match (lang, msg) {
        (Lang::Zh, Title) => "导入与导出",
        (Lang::En, Title) => "Import and export",
        (Lang::Zh, Hint) => "把工单导出成文件发给同事，或导入同事发来的文件；重复导入不会产生重复记录。",
        (Lang::En, Hint) => "Export tickets to a file for a colleague, or import theirs; importing a file twice adds nothing twice.",
        (Lang::Zh, ExportAll) => "导出全部工单 (JSON)",
        (Lang::En, ExportAll) => "Export all tickets (JSON)",
        (Lang::Zh, ExportSelected) => "导出所选工单 (JSON)",
        (Lang::En, ExportSelected) => "Export selected tickets (JSON)",
        (Lang::Zh, ChooseTickets) => "选择要导出的工单",
        (Lang::En, ChooseTickets) => "Choose tickets to export",
        (Lang::Zh, ExportCsv) => "导出工单列表 (CSV，Excel/WPS)",
        (Lang::En, ExportCsv) => "Export ticket list (CSV for Excel/WPS)",
        (Lang::Zh, Exported) => "已生成文件",
        (Lang::En, Exported) => "File saved",
        (Lang::Zh, ImportTitle) => "导入文件",
        (Lang::En, ImportTitle) => "Import a file",
        (Lang::Zh, PickFile) => "选择导出文件…",
        (Lang::En, PickFile) => "Choose an export file…",
        (Lang::Zh, DropHint) => "或把文件拖到这里",
        (Lang::En, DropHint) => "or drop the file here",
        (Lang::Zh, Reading) => "正在读取文件…",
        (Lang::En, Reading) => "Reading the file…",
        (Lang::Zh, Checking) => "正在检查文件…",
        (Lang::En, Checking) => "Checking the file…",
        (Lang::Zh, BadFile) => "无法导入，本机数据未作任何改动",
        (Lang::En, BadFile) => "Cannot import; nothing on this device was changed",
        (Lang::Zh, PreviewOf) => "导入预览",
        (Lang::En, PreviewOf) => "Import preview",
        (Lang::Zh, New) => "新工单",
        (Lang::En, New) => "New tickets",
        (Lang::Zh, Updated) => "有更新",
        (Lang::En, Updated) => "Updated",
        (Lang::Zh, Unchanged) => "无变化",
        (Lang::En, Unchanged) => "Unchanged",
        (Lang::Zh, Conflicts) => "有冲突（不导入）",
        (Lang::En, Conflicts) => "In conflict (not imported)",
        (Lang::Zh, Renumbered) => "重新编号",
        (Lang::En, Renumbered) => "Renumbered",
        (Lang::Zh, NewArticles) => "新知识库文章",
        (Lang::En, NewArticles) => "New articles",
        (Lang::Zh, UpdatedArticles) => "文章有更新",
        (Lang::En, UpdatedArticles) => "Articles updated",
        (Lang::Zh, UnchangedArticles) => "文章无变化",
        (Lang::En, UnchangedArticles) => "Articles unchanged",
        (Lang::Zh, RenumberedArticles) => "文章重新编号",
        (Lang::En, RenumberedArticles) => "Articles renumbered",
        (Lang::Zh, NothingNew) => "文件中没有本机尚未拥有的内容，无需导入。",
        (Lang::En, NothingNew) => "The file holds nothing this device does not have already.",
        (Lang::Zh, Confirm) => "确认导入",
        (Lang::En, Confirm) => "Import",
        (Lang::Zh, Cancel) => "取消",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Zh, Writing) => "正在写入…",
        (Lang::En, Writing) => "Writing…",
        (Lang::Zh, WriteFailed) => "写入失败，本机数据未作任何改动",
        (Lang::En, WriteFailed) => "Writing failed; nothing on this device was changed",
        (Lang::Zh, StoreMissing) => "本机数据库未打开，无法导入或导出",
        (Lang::En, StoreMissing) => "The local database is not open; cannot import or export",
        (Lang::Zh, StorageTitle) => "本机存储",
        (Lang::En, StorageTitle) => "Storage on this device",
        (Lang::Zh, Persistent) => "已获准持久保存：浏览器清理空间时不会删除数据",
        (Lang::En, Persistent) => "Persistent: the browser will not evict this data to free space",
        (Lang::Zh, NotPersistent) => "未获准持久保存：空间不足时浏览器可能清除数据，请定期导出备份",
        (Lang::En, NotPersistent) => "Not persistent: the browser may evict this data when space runs low; export backups regularly",
        (Lang::Zh, PersistUnknown) => "此浏览器不支持持久存储请求",
        (Lang::En, PersistUnknown) => "This browser cannot be asked for persistent storage",
        (Lang::Zh, Used) => "已用",
        (Lang::En, Used) => "Used",
        (Lang::Zh, Of) => "可用",
        (Lang::En, Of) => "available",
        (Lang::Zh, CsvNumber) => "工单编号",
        (Lang::En, CsvNumber) => "Number",
        (Lang::Zh, CsvSubmitter) => "提交人",
        (Lang::En, CsvSubmitter) => "Submitter",
        (Lang::Zh, CsvDepartment) => "部门/业务线",
        (Lang::En, CsvDepartment) => "Department",
        (Lang::Zh, CsvDescription) => "问题描述",
        (Lang::En, CsvDescription) => "Description",
        (Lang::Zh, CsvCategory) => "问题分类",
        (Lang::En, CsvCategory) => "Category",
        (Lang::Zh, CsvRequested) => "期望优先级",
        (Lang::En, CsvRequested) => "Requested priority",
        (Lang::Zh, CsvConfirmed) => "确认优先级",
        (Lang::En, CsvConfirmed) => "Confirmed priority",
        (Lang::Zh, CsvStep) => "当前环节",
        (Lang::En, CsvStep) => "Step",
        (Lang::Zh, CsvHandler) => "处理人",
        (Lang::En, CsvHandler) => "Handler",
        (Lang::Zh, CsvCreated) => "创建时间",
        (Lang::En, CsvCreated) => "Created",
        (Lang::Zh, SealToggle) => "用口令加密 JSON 文件",
        (Lang::En, SealToggle) => "Encrypt the JSON file with a passphrase",
        (Lang::Zh, SealHint) => "文件要经过聊天群、邮件或网盘传送时，建议加密：没有口令的人打不开。",
        (Lang::En, SealHint) => "Worth doing when the file goes through a chat group, e-mail or a file share: nobody without the passphrase can open it.",
        (Lang::Zh, SealWarning) => "口令无法找回：忘记口令，这个文件就再也打不开了。Fielddesk 不保存口令。",
        (Lang::En, SealWarning) => "A lost passphrase cannot be recovered: without it, nobody can open this file. Fielddesk does not keep it.",
        (Lang::Zh, SealSeparately) => "请通过电话或当面告诉对方口令，不要和文件发在同一个群里。",
        (Lang::En, SealSeparately) => "Give the recipient the passphrase by phone or in person, never in the same group as the file.",
        (Lang::Zh, Passphrase) => "口令",
        (Lang::En, Passphrase) => "Passphrase",
        (Lang::Zh, PassphraseAgain) => "再次输入口令",
        (Lang::En, PassphraseAgain) => "Passphrase again",
        (Lang::Zh, PassphraseRule) => "至少 8 个字符；一句好记的话比短而复杂的密码更安全。",
        (Lang::En, PassphraseRule) => "At least 8 characters; a sentence you remember is safer than a short complex password.",
        (Lang::Zh, ShowPassphrase) => "显示口令",
        (Lang::En, ShowPassphrase) => "Show passphrase",
        (Lang::Zh, Sealing) => "正在加密…",
        (Lang::En, Sealing) => "Encrypting…",
        (Lang::Zh, ExportedSealed) => "已生成加密文件",
        (Lang::En, ExportedSealed) => "Encrypted file saved",
        (Lang::Zh, SealedTitle) => "此文件已用口令加密",
        (Lang::En, SealedTitle) => "This file is encrypted with a passphrase",
        (Lang::Zh, SealedPrompt) => "请输入发送人告诉您的口令。解密只在本机进行。",
        (Lang::En, SealedPrompt) => "Enter the passphrase the sender gave you. It is decrypted on this device only.",
        (Lang::Zh, Unlock) => "解密并检查",
        (Lang::En, Unlock) => "Decrypt and check",
        (Lang::Zh, Unlocking) => "正在校验口令并解密…",
        (Lang::En, Unlocking) => "Checking the passphrase and decrypting…",
        (Lang::Zh, EnterPassphrase) => "请输入口令。",
        (Lang::En, EnterPassphrase) => "Enter the passphrase.",
        (Lang::Zh, Decrypted) => "已用口令解密",
        (Lang::En, Decrypted) => "Decrypted with its passphrase",
        (Lang::Zh, BadSealedFile) => "无法打开加密文件，本机数据未作任何改动",
        (Lang::En, BadSealedFile) => "Cannot open the encrypted file; nothing on this device was changed",
    }
}

/// What a finished import says: the file and how many events it added.
pub fn imported(lang: Lang, file: &str, events: usize) -> String {
    match lang {
        Lang::Zh => format!("导入完成：{file}，新增 {events} 条记录"),
        Lang::En => format!("Imported {file}: {events} new events"),
    }
}

/// The CSV's column headers in `lang`, in `fielddesk_core::ticket_list_csv`'s order.
pub fn csv_headers(lang: Lang) -> [&'static str; fielddesk_core::csv_export::CSV_COLUMNS] {
    use TMsg::*;
    [
        CsvNumber,
        CsvSubmitter,
        CsvDepartment,
        CsvDescription,
        CsvCategory,
        CsvRequested,
        CsvConfirmed,
        CsvStep,
        CsvHandler,
        CsvCreated,
    ]
    .map(|m| tt(lang, m))
}

pub fn step_name(lang: Lang, step: Step) -> String {
    let (zh, en) = match step {
        Step::Intake => ("受理登记", "Intake"),
        Step::Classification => ("分类定级", "Classification"),
        Step::FirstLineHandling => ("一线处理", "First line"),
        Step::SecondLineHandling => ("二线处理", "Second line"),
        Step::Verification => ("验证", "Verification"),
        Step::Feedback => ("用户反馈", "Feedback"),
        Step::Resolved => ("已解决 待归档", "Resolved, to archive"),
        Step::Archived => ("已归档", "Archived"),
    };
    match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// What is wrong with a file, and where, in the person's language.
pub fn import_error(lang: Lang, error: &ImportError) -> String {
    use ImportError::*;
    let zh = lang == Lang::Zh;
    match error {
        TooLarge { size, limit } => {
            if zh {
                format!(
                    "文件太大（{} MB），最多可导入 {} MB：请分批导出更少的工单。",
                    size / 1_048_576,
                    limit / 1_048_576
                )
            } else {
                format!("The file is too large ({} MB); Fielddesk imports up to {} MB: export fewer tickets per file.", size / 1_048_576, limit / 1_048_576)
            }
        }
        Empty => {
            if zh {
                "文件是空的。".into()
            } else {
                "The file is empty.".into()
            }
        }
        BadUtf16 { offset } => {
            if zh {
                format!("文件是 UTF-16 文本，但第 {offset} 字节处有损坏的字符。")
            } else {
                format!("The file is UTF-16 text with a broken character at byte {offset}.")
            }
        }
        Truncated { line, column } => {
            if zh {
                format!("文件不完整，在第 {line} 行第 {column} 列处中断：可能在复制或发送时被截断，请让对方重新发送。")
            } else {
                format!("The file ends too early (line {line}, column {column}): it was cut off while being copied or sent; ask for it again.")
            }
        }
        Syntax {
            line,
            column,
            message,
        } => {
            if zh {
                format!("文件不是有效的 JSON：第 {line} 行第 {column} 列（{message}）。")
            } else {
                format!("The file is not valid JSON: line {line}, column {column} ({message}).")
            }
        }
        NotAnExport { format } => match (zh, format) {
            (true, None) => "这不是 Fielddesk 导出文件：缺少 \"format\" 字段。".into(),
            (true, Some(f)) => format!("这不是 Fielddesk 导出文件：\"format\" 为 \"{f}\"。"),
            (false, None) => "This is not a Fielddesk export: it has no \"format\" field.".into(),
            (false, Some(f)) => {
                format!("This is not a Fielddesk export: its \"format\" is \"{f}\".")
            }
        },
        NewerVersion { version, supported } => {
            if zh {
                format!("此文件由更新版本的 Fielddesk 生成（格式版本 {version}），本程序最高只能读取版本 {supported}：请升级 Fielddesk。")
            } else {
                format!("The file was made by a newer Fielddesk (format version {version}); this one reads up to version {supported}: update Fielddesk.")
            }
        }
        InvalidField {
            path,
            message,
            line,
            column,
        } => {
            if zh {
                format!("字段 {path} 有误：{message}（第 {line} 行第 {column} 列）。")
            } else {
                format!("Field {path} is wrong: {message} (line {line}, column {column}).")
            }
        }
        DuplicateTicket {
            first,
            second,
            ticket,
        } => {
            if zh {
                format!(
                    "tickets[{second}] 与 tickets[{first}] 是同一张工单（{}）。",
                    ticket.0
                )
            } else {
                format!(
                    "tickets[{second}] is ticket {} again, already at tickets[{first}].",
                    ticket.0
                )
            }
        }
        MissingCreation { index, ticket } => {
            if zh {
                format!(
                    "tickets[{index}]（工单 {}）缺少创建记录，无法显示。",
                    ticket.0
                )
            } else {
                format!("tickets[{index}] (ticket {}) has no TicketCreated event, so it cannot be shown.", ticket.0)
            }
        }
        SecondCreation { index, ticket } => {
            if zh {
                format!("tickets[{index}]（工单 {}）有不止一条创建记录。", ticket.0)
            } else {
                format!(
                    "tickets[{index}] (ticket {}) has more than one TicketCreated event.",
                    ticket.0
                )
            }
        }
        ConflictingEvents {
            event,
            first,
            second,
        } => {
            if zh {
                format!(
                    "事件编号 {} 在 {first} 和 {second} 出现两次且内容不同。",
                    event.0
                )
            } else {
                format!(
                    "Event id {} is used twice with different content, at {first} and {second}.",
                    event.0
                )
            }
        }
        UnexpectedRenumbering { at, event } => {
            if zh {
                format!(
                    "{at}（事件 {}）是一条并非由 Fielddesk 生成的重新编号记录。",
                    event.0
                )
            } else {
                format!(
                    "{at} (event {}) is a renumbering Fielddesk did not make.",
                    event.0
                )
            }
        }
        AttachmentSize {
            index,
            attachment,
            declared,
            actual,
        } => {
            if zh {
                format!(
                    "附件 attachments[{index}]（{}）声明 {declared} 字节，实际 {actual} 字节。",
                    attachment.0
                )
            } else {
                format!(
                    "attachments[{index}] ({}) says {declared} bytes but holds {actual}.",
                    attachment.0
                )
            }
        }
        AttachmentChecksum { index, attachment } => {
            if zh {
                format!(
                    "附件 attachments[{index}]（{}）校验和不符：文件已损坏。",
                    attachment.0
                )
            } else {
                format!(
                    "attachments[{index}] ({}) does not match its SHA-256: the file was damaged.",
                    attachment.0
                )
            }
        }
        ConflictingAttachments {
            attachment,
            first,
            second,
        } => {
            if zh {
                format!("附件编号 {} 在 attachments[{first}] 和 attachments[{second}] 出现两次且内容不同。", attachment.0)
            } else {
                format!("Attachment id {} is used twice with different bytes, at attachments[{first}] and attachments[{second}].", attachment.0)
            }
        }
        DuplicateArticle {
            first,
            second,
            article,
        } => {
            if zh {
                format!(
                    "知识库文章 {} 在 articles[{first}] 和 articles[{second}] 出现两次。",
                    article.0
                )
            } else {
                format!(
                    "Article {} is listed twice, at articles[{first}] and articles[{second}].",
                    article.0
                )
            }
        }
        MissingArticleCreation { index, article } => {
            if zh {
                format!(
                    "articles[{index}](文章 {})缺少创建记录,无法显示。",
                    article.0
                )
            } else {
                format!(
                    "articles[{index}] (article {}) has no ArticleCreated event, so it cannot be shown.",
                    article.0
                )
            }
        }
        SecondArticleCreation { index, article } => {
            if zh {
                format!("articles[{index}](文章 {})有不止一条创建记录。", article.0)
            } else {
                format!(
                    "articles[{index}] (article {}) has more than one ArticleCreated event.",
                    article.0
                )
            }
        }
        ArticleEventBeforeCreation { at, event } => {
            if zh {
                format!(
                    "{at}(事件 {})排在其文章的创建记录之前,导入后会丢失。",
                    event.0
                )
            } else {
                format!(
                    "{at} (event {}) comes before its article's ArticleCreated, so it would be lost.",
                    event.0
                )
            }
        }
        ConflictingArticleEvents {
            event,
            first,
            second,
        } => {
            if zh {
                format!(
                    "文章事件编号 {} 在 {first} 和 {second} 出现两次且内容不同。",
                    event.0
                )
            } else {
                format!(
                    "Article event id {} is used twice with different content, at {first} and {second}.",
                    event.0
                )
            }
        }
        UnexpectedArticleRenumbering { at, event } => {
            if zh {
                format!(
                    "{at}(事件 {})是一条并非由 Fielddesk 生成的文章重新编号记录。",
                    event.0
                )
            } else {
                format!(
                    "{at} (event {}) is an article renumbering Fielddesk did not make.",
                    event.0
                )
            }
        }
        UnreferencedAttachment { index, attachment } => {
            if zh {
                format!(
                    "附件 attachments[{index}]（{}）不属于文件中的任何工单。",
                    attachment.0
                )
            } else {
                format!(
                    "attachments[{index}] ({}) belongs to no ticket in the file.",
                    attachment.0
                )
            }
        }
    }
}

/// What is wrong with a sealed file's envelope, in the person's language.
pub fn sealed_error(lang: Lang, error: &SealedError) -> String {
    use SealedError::*;
    let zh = lang == Lang::Zh;
    match error {
        TooLarge { size, limit } => {
            if zh {
                format!(
                    "加密文件太大（{} MB），最多可打开 {} MB：请分批导出更少的工单。",
                    size / 1_048_576,
                    limit / 1_048_576
                )
            } else {
                format!(
                    "The encrypted file is too large ({} MB); Fielddesk opens up to {} MB: export fewer tickets per file.",
                    size / 1_048_576,
                    limit / 1_048_576
                )
            }
        }
        Truncated { line, column } => {
            if zh {
                format!("加密文件不完整，在第 {line} 行第 {column} 列处中断：可能在复制或发送时被截断，请让对方重新发送。")
            } else {
                format!("The encrypted file ends too early (line {line}, column {column}): it was cut off while being copied or sent; ask for it again.")
            }
        }
        Syntax {
            line,
            column,
            message,
        } => {
            if zh {
                format!("加密文件不是有效的 JSON：第 {line} 行第 {column} 列（{message}）。")
            } else {
                format!("The encrypted file is not valid JSON: line {line}, column {column} ({message}).")
            }
        }
        NotSealed { format } => match (zh, format) {
            (true, None) => "这不是 Fielddesk 加密文件：缺少 \"format\" 字段。".into(),
            (true, Some(f)) => format!("这不是 Fielddesk 加密文件：\"format\" 为 \"{f}\"。"),
            (false, None) => {
                "This is not an encrypted Fielddesk file: it has no \"format\" field.".into()
            }
            (false, Some(f)) => {
                format!("This is not an encrypted Fielddesk file: its \"format\" is \"{f}\".")
            }
        },
        NewerVersion { version, supported } => {
            if zh {
                format!("此加密文件由更新版本的 Fielddesk 生成（加密格式版本 {version}），本程序最高只能读取版本 {supported}：请升级 Fielddesk。")
            } else {
                format!("The encrypted file was made by a newer Fielddesk (envelope version {version}); this one reads up to version {supported}: update Fielddesk.")
            }
        }
        MissingField { path } => {
            if zh {
                format!("加密文件缺少字段 {path}：文件已损坏或不是 Fielddesk 生成的。")
            } else {
                format!("The encrypted file has no {path} field: it is damaged or was not made by Fielddesk.")
            }
        }
        InvalidField { path, message } => {
            if zh {
                format!("加密文件的字段 {path} 有误：{message}。")
            } else {
                format!("The encrypted file's field {path} is wrong: {message}.")
            }
        }
        BadBase64 { path, message } => {
            if zh {
                format!("加密文件的字段 {path} 不是有效的 Base64（{message}）：文件已损坏。")
            } else {
                format!("The encrypted file's field {path} is not valid base64 ({message}): the file was damaged.")
            }
        }
        BadLength {
            path,
            expected,
            actual,
        } => {
            if zh {
                format!(
                    "加密文件的字段 {path} 长 {actual} 字节，应为 {expected} 字节：文件已损坏。"
                )
            } else {
                format!("The encrypted file's field {path} is {actual} bytes; it must be {expected}: the file was damaged.")
            }
        }
        UnknownKdf { name, hash } => {
            if zh {
                format!("加密文件使用的密钥派生方式 {name}/{hash} 本程序不支持（只支持 PBKDF2/SHA-256）。")
            } else {
                format!("The encrypted file uses key derivation {name} with {hash}; Fielddesk knows only PBKDF2 with SHA-256.")
            }
        }
        UnknownCipher { name } => {
            if zh {
                format!("加密文件使用的加密算法 {name} 本程序不支持（只支持 AES-GCM）。")
            } else {
                format!("The encrypted file uses cipher {name}; Fielddesk knows only AES-GCM.")
            }
        }
        TooFewIterations { iterations, .. } => {
            if zh {
                format!("加密文件的迭代次数只有 {iterations}，少于 {MIN_ITERATIONS}，过于薄弱：它不是 Fielddesk 生成的。")
            } else {
                format!("The encrypted file asks for only {iterations} iterations, fewer than {MIN_ITERATIONS}, which is too weak: it was not made by Fielddesk.")
            }
        }
        TooManyIterations { iterations, .. } => {
            if zh {
                format!("加密文件要求 {iterations} 次迭代，超过上限 {MAX_ITERATIONS}，会让浏览器卡住几分钟：它不是 Fielddesk 生成的。")
            } else {
                format!("The encrypted file asks for {iterations} iterations, more than {MAX_ITERATIONS}, which would stall the browser for minutes: it was not made by Fielddesk.")
            }
        }
    }
}

/// Why a new passphrase is refused.
pub fn passphrase_error(lang: Lang, error: &PassphraseError) -> String {
    match (lang, error) {
        (Lang::Zh, PassphraseError::TooShort { chars, minimum }) => {
            format!("口令太短：只有 {chars} 个字符，至少需要 {minimum} 个。")
        }
        (Lang::En, PassphraseError::TooShort { chars, minimum }) => {
            format!("The passphrase is too short: {chars} characters; it needs at least {minimum}.")
        }
        (Lang::Zh, PassphraseError::Mismatch) => "两次输入的口令不一致。".into(),
        (Lang::En, PassphraseError::Mismatch) => "The two passphrases differ.".into(),
    }
}

/// Why sealing or opening failed.
pub fn crypto_error(lang: Lang, error: &CryptoError) -> String {
    match (lang, error) {
        (Lang::Zh, CryptoError::WrongPassphrase) => {
            "口令错误，或文件已被改动。请核对口令后重试；本机数据未作任何改动。".into()
        }
        (Lang::En, CryptoError::WrongPassphrase) => {
            "Wrong passphrase, or the file was changed. Check the passphrase and try again; nothing on this device was changed.".into()
        }
        (Lang::Zh, CryptoError::Unavailable) => {
            "此页面无法加密或解密：浏览器只在 https 网址（或本机地址）下提供加密功能。请通过 https 打开 Fielddesk。".into()
        }
        (Lang::En, CryptoError::Unavailable) => {
            "This page cannot encrypt or decrypt: browsers offer encryption only on https addresses (or this computer's own). Open Fielddesk over https.".into()
        }
        (Lang::Zh, CryptoError::Browser(reason)) => format!("浏览器无法完成加密或解密：{reason}"),
        (Lang::En, CryptoError::Browser(reason)) => {
            format!("The browser could not encrypt or decrypt: {reason}")
        }
    }
}

pub fn conflict(lang: Lang, conflict: &ImportConflict) -> String {
    match (lang, conflict) {
        (Lang::Zh, ImportConflict::ChangedEvent { ticket, event }) => {
            format!(
                "工单 {} 的事件 {} 与本机记录内容不同，未导入该工单。",
                ticket.0, event.0
            )
        }
        (Lang::Zh, ImportConflict::OtherCreation { ticket, event }) => {
            format!(
                "工单 {} 在本机由另一条记录创建（文件中为 {}），未导入该工单。",
                ticket.0, event.0
            )
        }
        (Lang::Zh, ImportConflict::ChangedArticleEvent { article, event }) => {
            format!(
                "知识库文章 {} 的事件 {} 与本机记录内容不同,未导入该文章。",
                article.0, event.0
            )
        }
        (Lang::En, c) => c.to_string(),
    }
}
