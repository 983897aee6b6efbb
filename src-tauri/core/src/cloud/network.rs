//! Checking and creating network resources: VPCs with subnets, security groups, EIPs.
//!
//! The checks are pure and run before anything is recorded; the `create_*` functions are
//! called by provisioning inside its payment transaction only.

use std::net::Ipv4Addr;

use rusqlite::{params, Connection};

use super::{write_ports, MAX_EIP_MBPS};
use crate::{CoreError, Result};

/// The longest resource name.
pub const MAX_NAME_LEN: usize = 64;

/// An IPv4 block: its network address and prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub address: Ipv4Addr,
    pub prefix: u8,
}

impl Cidr {
    fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix))
        }
    }

    fn start(self) -> u32 {
        u32::from(self.address)
    }

    /// Whether `inner` lies wholly inside this block.
    pub fn contains(self, inner: Cidr) -> bool {
        inner.prefix >= self.prefix && (inner.start() & self.mask()) == self.start()
    }

    /// The first block of `prefix` inside this one.
    pub fn first(self, prefix: u8) -> Cidr {
        Cidr { address: self.address, prefix: prefix.max(self.prefix) }
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.address, self.prefix)
    }
}

/// The private ranges a VPC may use (RFC 1918), as a cloud's console offers them.
const PRIVATE: [(Ipv4Addr, u8); 3] =
    [(Ipv4Addr::new(10, 0, 0, 0), 8), (Ipv4Addr::new(172, 16, 0, 0), 12), (Ipv4Addr::new(192, 168, 0, 0), 16)];

/// Reads `a.b.c.d/n` whose host bits are zero. `what` names the field in the refusal.
pub fn parse_cidr(what: &str, text: &str) -> Result<Cidr> {
    let refuse = |why: &str| CoreError::invalid(format!("{what}: {text:?} {why}"));
    let (address, prefix) =
        text.trim().split_once('/').ok_or_else(|| refuse("is not a CIDR block; write it like 192.168.0.0/16"))?;
    let address: Ipv4Addr = address.parse().map_err(|_| refuse("does not start with an IPv4 address"))?;
    let prefix: u8 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= 32)
        .ok_or_else(|| refuse("has no prefix length from 0 to 32 after the '/'"))?;
    let cidr = Cidr { address, prefix };
    if cidr.start() & !cidr.mask() != 0 {
        let network = Ipv4Addr::from(cidr.start() & cidr.mask());
        return Err(refuse(&format!("has host bits set; the block starts at {network}/{prefix}")));
    }
    Ok(cidr)
}

/// A VPC's block: inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, with a prefix of 8 to
/// 24 (at least 256 addresses, as a VPC needs room for subnets).
pub fn check_vpc_cidr(text: &str) -> Result<Cidr> {
    let cidr = parse_cidr("VPC CIDR", text)?;
    let private = PRIVATE.iter().any(|&(address, prefix)| Cidr { address, prefix }.contains(cidr));
    if !private || !(8..=24).contains(&cidr.prefix) {
        return Err(CoreError::invalid(format!(
            "VPC CIDR: {text:?} must be a private block with a prefix of 8 to 24, inside 10.0.0.0/8, 172.16.0.0/12 \
             or 192.168.0.0/16 (e.g. 192.168.0.0/16)"
        )));
    }
    Ok(cidr)
}

/// A subnet's block: inside its VPC's, with a prefix of at most 28 (16 addresses).
pub fn check_subnet_cidr(vpc: Cidr, text: &str) -> Result<Cidr> {
    let cidr = parse_cidr("subnet CIDR", text)?;
    if !vpc.contains(cidr) || cidr.prefix > 28 {
        return Err(CoreError::invalid(format!(
            "subnet CIDR: {text:?} must lie inside the VPC's {vpc} with a prefix of at most 28"
        )));
    }
    Ok(cidr)
}

/// A resource name: 1 to 64 letters, digits, `-`, `_` or `.`, as the cloud accepts them.
pub fn check_name(what: &str, name: &str) -> Result<()> {
    let fine = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty() || name.len() > MAX_NAME_LEN || !name.chars().all(fine) {
        return Err(CoreError::invalid(format!(
            "{what}: {name:?} must be 1 to {MAX_NAME_LEN} letters, digits, '-', '_' or '.'"
        )));
    }
    Ok(())
}

/// Inbound ports: 1 to 65535, at most 20, sorted and without repeats.
pub fn check_ports(ports: &[u16]) -> Result<Vec<u16>> {
    let mut sorted: Vec<u16> = ports.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.first() == Some(&0) || sorted.len() > 20 {
        return Err(CoreError::invalid("ports: give 0 to 20 TCP ports from 1 to 65535"));
    }
    Ok(sorted)
}

pub fn check_bandwidth(mbps: u32) -> Result<()> {
    if !(1..=MAX_EIP_MBPS).contains(&mbps) {
        return Err(CoreError::invalid(format!("EIP bandwidth: must be 1 to {MAX_EIP_MBPS} Mbit/s (got {mbps})")));
    }
    Ok(())
}

pub(crate) fn create_vpc(tx: &Connection, account: &str, name: &str, cidr: Cidr, at: &str) -> Result<u32> {
    tx.prepare_cached("INSERT INTO vpcs (account_id, name, cidr, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![account, name, cidr.to_string(), at])?;
    u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many VPCs".into()))
}

pub(crate) fn create_subnet(tx: &Connection, vpc_id: u32, name: &str, cidr: Cidr) -> Result<u32> {
    tx.prepare_cached("INSERT INTO subnets (vpc_id, name, cidr) VALUES (?1, ?2, ?3)")?.execute(params![
        vpc_id,
        name,
        cidr.to_string()
    ])?;
    u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many subnets".into()))
}

/// The account's security group called `name`, created with `ports` if it has none yet.
pub(crate) fn ensure_security_group(
    tx: &Connection,
    account: &str,
    name: &str,
    ports: &[u16],
    at: &str,
) -> Result<u32> {
    tx.prepare_cached(
        "INSERT INTO security_groups (account_id, name, ports, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (account_id, name) DO NOTHING",
    )?
    .execute(params![account, name, write_ports(ports), at])?;
    Ok(tx
        .prepare_cached("SELECT id FROM security_groups WHERE account_id = ?1 AND name = ?2")?
        .query_row(params![account, name], |r| r.get(0))?)
}

/// A new EIP: addresses come from 198.18.0.0/15, the range set aside for benchmarks, so that
/// a simulated address can never be mistaken for a real one.
pub(crate) fn create_eip(tx: &Connection, account: &str, bandwidth_mbps: u32, at: &str) -> Result<u32> {
    let next: u32 = tx.prepare_cached("SELECT coalesce(max(id), 0) + 1 FROM eips")?.query_row([], |r| r.get(0))?;
    let address = Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 0)) + next % (1 << 17));
    tx.prepare_cached("INSERT INTO eips (account_id, address, bandwidth_mbps, created_at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![account, address.to_string(), bandwidth_mbps, at])?;
    u32::try_from(tx.last_insert_rowid()).map_err(|_| CoreError::Internal("too many EIPs".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_buy_5_vpc_blocks_must_be_private_aligned_and_sized() {
        for good in ["192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12", "172.31.4.0/24", "10.20.0.0/16"] {
            assert_eq!(check_vpc_cidr(good).unwrap().to_string(), good);
        }
        let cases = [
            ("192.168.0.0", "not a CIDR block"),
            ("192.168.0.1/16", "host bits set; the block starts at 192.168.0.0/16"),
            ("300.1.0.0/16", "IPv4 address"),
            ("10.0.0.0/33", "prefix length"),
            ("10.0.0.0/x", "prefix length"),
            ("8.8.0.0/16", "private block"),
            ("172.32.0.0/16", "private block"),
            ("10.0.0.0/25", "prefix of 8 to 24"),
            ("0.0.0.0/0", "private block"),
        ];
        for (bad, why) in cases {
            let err = check_vpc_cidr(bad).unwrap_err();
            assert!(err.to_string().starts_with("VPC CIDR: "), "{err}");
            assert!(err.to_string().contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn r_buy_5_subnets_lie_inside_their_vpc() {
        let vpc = check_vpc_cidr("192.168.0.0/16").unwrap();
        assert!(check_subnet_cidr(vpc, "192.168.1.0/24").is_ok());
        assert!(check_subnet_cidr(vpc, "192.168.0.0/16").is_ok());
        for bad in ["10.0.0.0/24", "192.168.0.0/29", "192.168.0.0/15"] {
            assert!(check_subnet_cidr(vpc, bad).unwrap_err().to_string().starts_with("subnet CIDR: "), "{bad}");
        }
    }

    #[test]
    fn names_ports_and_bandwidth_are_checked() {
        assert!(check_name("ECS name", "ecs-mysql_01.prod").is_ok());
        for bad in ["", "with space", "é", &"x".repeat(65)] {
            assert!(check_name("ECS name", bad).unwrap_err().to_string().starts_with("ECS name: "), "{bad}");
        }
        assert_eq!(check_ports(&[443, 22, 80, 22]).unwrap(), [22, 80, 443]);
        assert!(check_ports(&[0]).is_err());
        assert!(check_bandwidth(1).is_ok() && check_bandwidth(300).is_ok());
        assert!(check_bandwidth(0).is_err() && check_bandwidth(301).is_err());
    }
}
