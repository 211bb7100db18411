//! Register access by role. The check is here, in the core, and every
//! denial is audited through [`Session::require_register`].

use crate::auth::{Permission, Role, Session};
use crate::error::{Code, Error, Result};
use crate::registers::{RegisterDef, RoleScope};
use crate::t;

/// Registers a 经办人 may use besides the non-classified ones: the usage logbook, which each
/// user of a classified computer keeps.
const CLERK_CLASSIFIED_REGISTERS: &[&str] = &["usage_log"];

/// Read or write access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// Whether `role` may read or write `register`. The three administrators see no register
/// content except the 安全保密管理员, who manages all registers.
pub fn allows(role: Role, register: &RegisterDef, access: Access) -> bool {
    let permission = match access {
        Access::Read => Permission::ReadRegisters,
        Access::Write => Permission::WriteRegisters,
    };
    if !role.allows(permission) {
        return false;
    }
    match role {
        Role::Clerk => register.scope == RoleScope::NonClassified || CLERK_CLASSIFIED_REGISTERS.contains(&register.id),
        // NOTE: 保密管理员 should see only the own department's records; records do not carry a
        // department yet, so this grants the whole register.
        _ => true,
    }
}

impl Session {
    /// Checks that the logged-in account may read or write `register`; a denial is audited.
    pub fn require_register(&mut self, register: &RegisterDef, access: Access) -> Result<()> {
        self.require_password_in_order()?;
        let role = self.account().role;
        if allows(role, register, access) {
            return Ok(());
        }
        let action = match access {
            Access::Read => "read",
            Access::Write => "write",
        };
        let target = format!("{}:{}", register.id, action);
        self.write(|w| w.append("denied", &target, b"").map(|_| ()))?;
        let action_label = match access {
            Access::Read => t!("access.read"),
            Access::Write => t!("access.write"),
        };
        Err(Error::new(Code::RegisterDenied)
            .arg("account", &self.account().name)
            .arg("role", role.label())
            .arg("action", action_label)
            .arg("register", register.name))
    }
}
