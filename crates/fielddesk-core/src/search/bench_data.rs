//! The search benchmarks' workload (native `examples/search_bench.rs` and the app's in-browser
//! `tests/bench_search.rs`), so both measure the same tickets and the same typing.

use chrono::NaiveDate;

use crate::{DocKey, SearchDoc, TicketNo};

/// Each query is typed one character at a time; every prefix is a keystroke's search.
pub const QUERIES: [&str; 7] = [
    "验证码",
    "登录时提示验证码错误",
    "OA系统无法连接服务器",
    "tomcat",
    "nginx timeout",
    "VPN 证书过期",
    "系",
];

/// The template's intake text, for `suggest` (R3.1).
pub const INTAKE: &str = "10:00登录OA系统时提示'验证码错误',已尝试3次均失败";

const SYSTEMS: [&str; 12] = [
    "OA系统",
    "邮箱",
    "VPN",
    "ERP",
    "财务系统",
    "打印机",
    "CRM",
    "考勤系统",
    "企业微信",
    "钉钉",
    "报销平台",
    "Wiki",
];
const SYMPTOMS: [&str; 16] = [
    "登录时提示验证码错误",
    "页面加载缓慢",
    "无法连接服务器",
    "提交表单后报错500",
    "打印时卡纸",
    "密码重置后仍无法登录",
    "附件上传失败",
    "审批流程卡住不动",
    "数据导出乱码",
    "权限不足无法访问",
    "网络频繁断开",
    "客户端闪退",
    "同步数据丢失",
    "界面显示错位",
    "接口超时",
    "账号被锁定",
];
const CAUSES: [&str; 10] = [
    "缓存异常",
    "数据库连接池耗尽",
    "证书过期",
    "防火墙拦截",
    "配置文件错误",
    "磁盘空间不足",
    "版本不兼容",
    "DNS解析失败",
    "内存泄漏",
    "权限配置遗漏",
];
const FIXES: [&str; 10] = [
    "清理浏览器缓存,重启Tomcat服务",
    "扩容连接池并重启应用",
    "更新SSL证书",
    "放行端口 443",
    "修正 nginx 配置并 reload",
    "清理日志释放磁盘",
    "回退客户端版本",
    "修改 DNS 服务器地址",
    "升级 JVM 参数并重启",
    "补充角色权限",
];
const ENGLISH: [&str; 12] = [
    "timeout",
    "login",
    "captcha",
    "error",
    "proxy",
    "certificate",
    "tomcat",
    "nginx",
    "database",
    "printer",
    "session",
    "token",
];

/// A small deterministic generator (xorshift), so every run indexes the same tickets.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// `count` generated past tickets, the same on every run.
pub fn tickets(count: usize) -> Vec<SearchDoc> {
    let mut random = Random(0x5EA2_C4B3_11D0_0042);
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).expect("a valid date");
    (0..count)
        .map(|i| {
            let date = start + chrono::Days::new((i / 150) as u64);
            let number: TicketNo = format!("TS{}{:03}", date.format("%Y%m%d"), i % 150 + 1)
                .parse()
                .expect("a well-formed number");
            let title = format!(
                "{}{},已尝试{}次",
                SYSTEMS[random.below(SYSTEMS.len())],
                SYMPTOMS[random.below(SYMPTOMS.len())],
                random.below(9) + 1
            );
            let body = format!(
                "{number} 原因:{} 解决:{} {} {} 工号TS{:04}",
                CAUSES[random.below(CAUSES.len())],
                FIXES[random.below(FIXES.len())],
                ENGLISH[random.below(ENGLISH.len())],
                ENGLISH[random.below(ENGLISH.len())],
                random.below(10_000)
            );
            SearchDoc {
                key: DocKey::Ticket(number),
                title,
                body,
            }
        })
        .collect()
}
