//! Roles and permissions. 三员分立: the system administrator, the security administrator and the
//! security auditor hold separate powers, and none of them alone can both act and hide it.

use crate::t;

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// 系统管理员: accounts, backup, settings; no register content.
    SystemAdmin,
    /// 安全保密管理员: permissions and all registers.
    SecurityAdmin,
    /// 安全审计员: the audit log only.
    Auditor,
    /// 保密专管员.
    SecrecyOfficer,
    /// 保密管理员: registers of the own department.
    SecrecyManager,
    /// 经办人.
    Clerk,
}

/// Something an account may be allowed to do. Checked in the core, never only in a UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ManageAccounts,
    ManageSettings,
    ManageBackup,
    ManagePermissions,
    ReadRegisters,
    WriteRegisters,
    ConfirmDestruction,
    RevealMasked,
    Print,
    ReadAudit,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::Auditor,
        Role::SecrecyOfficer,
        Role::SecrecyManager,
        Role::Clerk,
    ];

    /// The stable id stored in the vault and typed on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::SecurityAdmin => "security_admin",
            Role::Auditor => "auditor",
            Role::SecrecyOfficer => "secrecy_officer",
            Role::SecrecyManager => "secrecy_manager",
            Role::Clerk => "clerk",
        }
    }

    /// Accepts the id or the zh-CN name.
    pub fn parse(text: &str) -> Option<Role> {
        let text = text.trim();
        Role::ALL.into_iter().find(|r| r.id() == text || r.label() == text)
    }

    /// The zh-CN (or English) name shown to users.
    pub fn label(self) -> String {
        match self {
            Role::SystemAdmin => t!("role.system_admin"),
            Role::SecurityAdmin => t!("role.security_admin"),
            Role::Auditor => t!("role.auditor"),
            Role::SecrecyOfficer => t!("role.secrecy_officer"),
            Role::SecrecyManager => t!("role.secrecy_manager"),
            Role::Clerk => t!("role.clerk"),
        }
    }

    /// The three separated administrator roles (三员).
    pub fn is_administrator(self) -> bool {
        matches!(self, Role::SystemAdmin | Role::SecurityAdmin | Role::Auditor)
    }

    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        let allowed: &[Permission] = match self {
            Role::SystemAdmin => &[ManageAccounts, ManageSettings, ManageBackup],
            Role::SecurityAdmin => &[ManagePermissions, ReadRegisters, WriteRegisters, ConfirmDestruction, RevealMasked, Print],
            Role::Auditor => &[ReadAudit],
            Role::SecrecyOfficer => &[ReadRegisters, WriteRegisters, ConfirmDestruction, RevealMasked, Print],
            Role::SecrecyManager => &[ReadRegisters, WriteRegisters, Print],
            Role::Clerk => &[ReadRegisters, WriteRegisters, Print],
        };
        allowed.contains(&permission)
    }
}

impl Permission {
    /// The zh-CN (or English) name of the action this permission covers.
    pub fn label(self) -> String {
        match self {
            Permission::ManageAccounts => t!("permission.manage_accounts"),
            Permission::ManageSettings => t!("permission.manage_settings"),
            Permission::ManageBackup => t!("permission.manage_backup"),
            Permission::ManagePermissions => t!("permission.manage_permissions"),
            Permission::ReadRegisters => t!("permission.read_registers"),
            Permission::WriteRegisters => t!("permission.write_registers"),
            Permission::ConfirmDestruction => t!("permission.confirm_destruction"),
            Permission::RevealMasked => t!("permission.reveal_masked"),
            Permission::Print => t!("permission.print"),
            Permission::ReadAudit => t!("permission.read_audit"),
        }
    }

    /// The stable id used in audit entries.
    pub fn id(self) -> &'static str {
        match self {
            Permission::ManageAccounts => "manage_accounts",
            Permission::ManageSettings => "manage_settings",
            Permission::ManageBackup => "manage_backup",
            Permission::ManagePermissions => "manage_permissions",
            Permission::ReadRegisters => "read_registers",
            Permission::WriteRegisters => "write_registers",
            Permission::ConfirmDestruction => "confirm_destruction",
            Permission::RevealMasked => "reveal_masked",
            Permission::Print => "print",
            Permission::ReadAudit => "read_audit",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_administrators_hold_separate_powers() {
        assert!(Role::SystemAdmin.allows(Permission::ManageAccounts));
        assert!(!Role::SystemAdmin.allows(Permission::ReadRegisters));
        assert!(!Role::SystemAdmin.allows(Permission::ReadAudit));
        assert!(Role::SecurityAdmin.allows(Permission::ReadRegisters));
        assert!(!Role::SecurityAdmin.allows(Permission::ManageAccounts));
        assert!(!Role::SecurityAdmin.allows(Permission::ReadAudit));
        assert!(Role::Auditor.allows(Permission::ReadAudit));
        assert!(!Role::Auditor.allows(Permission::ReadRegisters));
        assert!(!Role::Auditor.allows(Permission::ManageAccounts));
    }

    #[test]
    fn role_parses_id_and_label() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.id()), Some(role));
            assert_eq!(Role::parse(&role.label()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
