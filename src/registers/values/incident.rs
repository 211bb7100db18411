//! 安全事件 grades (高危, 中危, 低危) and the causes that suggest them.
//!
//! The office grades incidents by cause. 高危: command injection, remote command execution,
//! WebShell upload, SQL injection, buffer overflow, bypassing authentication into an admin
//! console, unauthorised access to core business, weak passwords on core business consoles
//! and serious leaks. 中危: stored XSS, passwords stored in clear on the client, theft of a
//! user's identity and ordinary leaks. 低危: reflected and DOM XSS, JSON hijacking, CSRF, path
//! disclosure, SVN metadata disclosure, phpinfo pages and minor leaks. The grade is only a
//! suggestion, and the office may record a higher one.

use super::invalid;
use super::normalize::normalize;
use crate::{t, Result};

/// An incident grade, ordered from 低危 to 高危.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IncidentGrade {
    Low,
    Medium,
    High,
}

impl IncidentGrade {
    pub fn parse(text: &str) -> Result<IncidentGrade> {
        let text = normalize(text);
        match text.as_str() {
            "高危" => Ok(IncidentGrade::High),
            "中危" => Ok(IncidentGrade::Medium),
            "低危" => Ok(IncidentGrade::Low),
            _ => Err(invalid(&text, t!("field.allowed.incident_grade"))),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IncidentGrade::High => "高危",
            IncidentGrade::Medium => "中危",
            IncidentGrade::Low => "低危",
        }
    }
}

/// Declares the causes with their labels, grades and the keywords that recognise them in
/// free text (lowercase, without blanks).
macro_rules! causes {
    ($($variant:ident => $label:literal, $grade:ident, [$($keyword:literal),+];)*) => {
        /// A cause of a security incident, as listed in the office's grading rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum IncidentCause {
            $($variant,)*
        }

        impl IncidentCause {
            pub const ALL: &'static [IncidentCause] = &[$(IncidentCause::$variant,)*];

            /// The labels of all causes followed by `其他`, for the cause field's choices.
            pub const CHOICES: &'static [&'static str] = &[$($label,)* OTHER_CAUSE];

            pub fn label(self) -> &'static str {
                match self {
                    $(IncidentCause::$variant => $label,)*
                }
            }

            pub fn grade(self) -> IncidentGrade {
                match self {
                    $(IncidentCause::$variant => IncidentGrade::$grade,)*
                }
            }

            fn keywords(self) -> &'static [&'static str] {
                match self {
                    $(IncidentCause::$variant => &[$($keyword),+],)*
                }
            }
        }
    };
}

/// The cause choice for anything outside the list; it suggests no grade.
pub const OTHER_CAUSE: &str = "其他";

causes! {
    CommandInjection => "命令注入", High, ["命令注入", "commandinjection"];
    RemoteCommandExecution => "远程命令执行", High,
        ["远程命令执行", "远程代码执行", "remotecommandexecution", "remotecodeexecution"];
    WebShellUpload => "WebShell上传", High, ["webshell"];
    SqlInjection => "SQL注入", High, ["sql注入", "sqlinjection"];
    BufferOverflow => "缓冲区溢出", High, ["缓冲区溢出", "栈溢出", "堆溢出", "bufferoverflow"];
    AuthenticationBypass => "绕过认证进入管理后台", High,
        ["绕过认证", "认证绕过", "绕过登录", "登录绕过", "authenticationbypass"];
    UnauthorisedCoreAccess => "未授权访问核心业务", High, ["未授权访问", "unauthorizedaccess"];
    WeakCorePassword => "核心业务后台弱口令", High, ["弱口令", "弱密码", "weakpassword"];
    SeriousLeak => "严重信息泄露", High, ["严重信息泄露", "严重泄露", "严重泄密", "重大泄露", "重大泄密"];
    StoredXss => "存储型XSS", Medium, ["存储型xss", "存储xss", "持久型xss", "storedxss"];
    ClearTextPassword => "客户端明文存储密码", Medium, ["明文存储", "明文保存", "密码明文"];
    IdentityTheft => "冒用用户身份", Medium,
        ["冒用用户身份", "冒用身份", "身份冒用", "盗用身份", "身份盗用", "盗用账号", "账号盗用"];
    OrdinaryLeak => "一般信息泄露", Medium, ["一般信息泄露", "一般泄露", "一般泄密"];
    ReflectedXss => "反射型XSS", Low, ["反射型xss", "反射xss", "reflectedxss"];
    DomXss => "DOM型XSS", Low, ["dom型xss", "domxss", "dom-xss"];
    JsonHijacking => "JSON劫持", Low, ["json劫持", "jsonhijacking"];
    Csrf => "CSRF", Low, ["csrf", "跨站请求伪造"];
    PathDisclosure => "路径泄露", Low, ["路径泄露", "pathdisclosure"];
    SvnDisclosure => "SVN信息泄露", Low, ["svn信息泄露", "svn泄露", ".svn"];
    PhpInfo => "phpinfo信息泄露", Low, ["phpinfo"];
    MinorLeak => "轻微信息泄露", Low, ["轻微信息泄露", "轻微泄露", "轻微泄密"];
}

impl IncidentCause {
    /// Finds the cause with this exact label.
    pub fn from_label(label: &str) -> Option<IncidentCause> {
        IncidentCause::ALL
            .iter()
            .copied()
            .find(|cause| cause.label() == label)
    }
}

/// Lists the causes whose keywords occur in `text` (case and blanks ignored, `泄漏` read as
/// `泄露`).
pub fn matching_causes(text: &str) -> Vec<IncidentCause> {
    let text: String = normalize(text).to_lowercase().split_whitespace().collect();
    let text = text.replace("泄漏", "泄露");
    IncidentCause::ALL
        .iter()
        .copied()
        .filter(|cause| {
            cause
                .keywords()
                .iter()
                .any(|keyword| text.contains(keyword))
        })
        .collect()
}

/// Suggests a grade from a cause label or a free-text description: the highest grade among
/// the causes it mentions, or `None` when it mentions none of them. A bare "XSS" suggests
/// nothing, because stored XSS is 中危 and reflected XSS 低危.
pub fn suggest_grade(text: &str) -> Option<IncidentGrade> {
    matching_causes(text)
        .into_iter()
        .map(IncidentCause::grade)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentGrade::*;

    #[test]
    fn every_cause_label_suggests_its_grade() {
        for cause in IncidentCause::ALL {
            assert_eq!(
                suggest_grade(cause.label()),
                Some(cause.grade()),
                "{cause:?}"
            );
            assert_eq!(IncidentCause::from_label(cause.label()), Some(*cause));
        }
        assert_eq!(suggest_grade(OTHER_CAUSE), None);
    }

    #[test]
    fn grades_from_descriptions() {
        let cases = [
            ("门户网站存在 SQL 注入", Some(High)),
            ("上传 WebShell 获取服务器权限", Some(High)),
            ("OA 系统管理后台弱口令 admin/123456", Some(High)),
            ("留言板存储型 XSS", Some(Medium)),
            ("移动端明文存储密码", Some(Medium)),
            ("搜索页反射型XSS", Some(Low)),
            ("错误页面物理路径泄漏", Some(Low)),
            ("发现 .svn 目录", Some(Low)),
            ("测试页 phpinfo() 未删除", Some(Low)),
            ("CSRF 可修改用户资料，并存在 SQL 注入", Some(High)),
            ("页面存在 XSS", None),
            ("机房空调故障", None),
        ];
        for (input, expected) in cases {
            assert_eq!(suggest_grade(input), expected, "input {input}");
        }
    }

    #[test]
    fn grade_labels_round_trip() {
        for grade in [High, Medium, Low] {
            assert_eq!(IncidentGrade::parse(grade.label()).unwrap(), grade);
        }
        assert!(IncidentGrade::parse("严重").is_err());
        assert!(High > Medium);
        assert!(Medium > Low);
    }
}
