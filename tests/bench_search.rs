//! The search benchmark in the browser: 100 000 past tickets indexed in wasm in headless Chromium,
//! queries timed as they are typed, one search per keystroke (issue 7: ≤ 50 ms). Not a test (it
//! asserts nothing about speed): `scripts/bench.sh` runs it and prints the figures. The tickets
//! are generated like `crates/fielddesk-core/examples/search_bench.rs`'s (the native figures).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use fielddesk_core::{DocKey, SearchDoc, SearchIndex, TicketNo};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SYSTEMS: [&str; 6] = ["OA系统", "邮箱", "VPN", "ERP", "财务系统", "打印机"];
const SYMPTOMS: [&str; 8] = [
    "登录时提示验证码错误",
    "页面加载缓慢",
    "无法连接服务器",
    "提交表单后报错500",
    "密码重置后仍无法登录",
    "附件上传失败",
    "审批流程卡住不动",
    "接口超时",
];
const CAUSES: [&str; 5] = [
    "缓存异常",
    "数据库连接池耗尽",
    "证书过期",
    "防火墙拦截",
    "DNS解析失败",
];
const FIXES: [&str; 5] = [
    "清理浏览器缓存,重启Tomcat服务",
    "扩容连接池并重启应用",
    "更新SSL证书",
    "放行端口 443",
    "修正 nginx 配置并 reload",
];
const ENGLISH: [&str; 6] = ["timeout", "login", "captcha", "proxy", "tomcat", "nginx"];

/// xorshift: every run indexes the same tickets.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn tickets(count: usize) -> Vec<SearchDoc> {
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
                "{number} 原因:{} 解决:{} {} {}",
                CAUSES[random.below(CAUSES.len())],
                FIXES[random.below(FIXES.len())],
                ENGLISH[random.below(ENGLISH.len())],
                ENGLISH[random.below(ENGLISH.len())],
            );
            SearchDoc {
                key: DocKey::Ticket(number),
                title,
                body,
            }
        })
        .collect()
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .expect("a browser page has performance.now()")
        .now()
}

#[wasm_bindgen_test]
#[ignore = "a benchmark: run by scripts/bench.sh"]
fn search_100_000_tickets_per_keystroke() {
    let count = 100_000;
    let docs = tickets(count);
    let started = now_ms();
    let index = SearchIndex::build(docs);
    let build_ms = now_ms() - started;
    let mut worst = 0f64;
    let mut keystrokes = 0;
    for query in [
        "验证码",
        "登录时提示验证码错误",
        "OA系统无法连接服务器",
        "tomcat",
        "nginx timeout",
        "系",
    ] {
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let started = now_ms();
            let hits = index.search(&typed, 10);
            worst = worst.max(now_ms() - started);
            keystrokes += 1;
            assert!(hits.len() <= 10);
        }
    }
    let started = now_ms();
    let suggested = index.suggest("10:00登录OA系统时提示'验证码错误',已尝试3次均失败", 5);
    let suggest_ms = now_ms() - started;
    let line = format!(
        "wasm (headless Chromium): search index of {count} tickets built in {build_ms:.0} ms; worst of {keystrokes} keystrokes {worst:.1} ms (goal ≤ 50 ms); intake suggestion {suggest_ms:.1} ms ({} tickets)",
        suggested.tickets.len()
    );
    web_sys::console::log_1(&line.into());
}
