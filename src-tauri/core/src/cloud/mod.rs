//! The buyer's simulated cloud account: ECS flavours, VPCs and subnets, security groups and
//! elastic IPs, as the image wizard offers and creates them (R-IMG, R-BUY-5).
//!
//! - this module: the views (what the wizard lists) and reading them for the current account;
//! - `network`: checking names and CIDR blocks, and creating VPCs, subnets, security groups
//!   and EIPs. Creation is only ever called by provisioning, inside its payment transaction,
//!   so a failed purchase never leaves a resource behind (R-BUY-6).
//!
//! Prices of flavours and EIPs are whole cents; they are the cloud's, not a seller's.

pub mod network;

use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::{format_amount, from_cents};
use crate::{accounts, CoreError, Result};

/// The hourly price of one Mbit/s of EIP bandwidth.
pub const EIP_HOURLY_PER_MBPS_CENTS: i64 = 1;
/// The monthly price of one Mbit/s of EIP bandwidth.
pub const EIP_MONTHLY_PER_MBPS_CENTS: i64 = 500;
/// The yearly price of one Mbit/s: ten months, as flavours.
pub const EIP_YEARLY_PER_MBPS_CENTS: i64 = 5000;
/// The widest EIP bandwidth one can buy.
pub const MAX_EIP_MBPS: u32 = 300;

/// An ECS flavour: its size and prices (decimal strings, two decimals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Flavour {
    pub id: String,
    pub vcpus: u32,
    pub memory_gib: u32,
    pub hourly_price: String,
    pub monthly_price: String,
    pub yearly_price: String,
}

/// A flavour's prices read back as decimals.
pub(crate) struct FlavourPrices {
    pub hourly: Decimal,
    pub monthly: Decimal,
    pub yearly: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Subnet {
    pub id: u32,
    pub name: String,
    pub cidr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Vpc {
    pub id: u32,
    pub name: String,
    pub cidr: String,
    pub subnets: Vec<Subnet>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SecurityGroup {
    pub id: u32,
    pub name: String,
    /// Inbound TCP ports it opens.
    pub ports: Vec<u16>,
}

/// The security group a seller recommends for its image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct RecommendedSecurityGroup {
    pub product_id: String,
    pub name: String,
    pub ports: Vec<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ElasticIp {
    pub id: u32,
    pub address: String,
    pub bandwidth_mbps: u32,
}

/// What the provisioning forms offer for an image's network: the account's VPCs and security
/// groups, and the group the image's seller recommends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Networks {
    pub vpcs: Vec<Vpc>,
    pub security_groups: Vec<SecurityGroup>,
    pub recommended: Option<RecommendedSecurityGroup>,
}

/// The current account's networks, and the recommended group of `product_id`.
pub fn networks(conn: &Connection, product_id: &str) -> Result<Networks> {
    Ok(Networks {
        vpcs: vpcs(conn)?,
        security_groups: security_groups(conn)?,
        recommended: recommended_security_group(conn, product_id)?,
    })
}

/// The flavours on offer, smallest first.
pub fn flavours(conn: &Connection) -> Result<Vec<Flavour>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, vcpus, memory_gib, hourly_price_cents, monthly_price_cents, yearly_price_cents
             FROM flavours ORDER BY position",
        )?
        .query_map([], |r| {
            Ok(Flavour {
                id: r.get(0)?,
                vcpus: r.get(1)?,
                memory_gib: r.get(2)?,
                hourly_price: format_amount(from_cents(r.get(3)?)),
                monthly_price: format_amount(from_cents(r.get(4)?)),
                yearly_price: format_amount(from_cents(r.get(5)?)),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A flavour's prices, or a refusal naming the flavours on offer.
pub(crate) fn flavour_prices(conn: &Connection, id: &str) -> Result<FlavourPrices> {
    let found = conn
        .prepare_cached(
            "SELECT hourly_price_cents, monthly_price_cents, yearly_price_cents FROM flavours WHERE id = ?1",
        )?
        .query_row([id], |r| {
            Ok(FlavourPrices {
                hourly: from_cents(r.get(0)?),
                monthly: from_cents(r.get(1)?),
                yearly: from_cents(r.get(2)?),
            })
        })
        .optional()?;
    found.ok_or_else(|| {
        let known: Vec<String> = flavours(conn).unwrap_or_default().into_iter().map(|f| f.id).collect();
        CoreError::invalid(format!("flavour: {id:?} is not a flavour on offer; choose one of: {}", known.join(", ")))
    })
}

/// The current account's VPCs with their subnets.
pub fn vpcs(conn: &Connection) -> Result<Vec<Vpc>> {
    let account = accounts::current(conn)?;
    let mut vpcs = conn
        .prepare_cached("SELECT id, name, cidr FROM vpcs WHERE account_id = ?1 ORDER BY id")?
        .query_map([&account], |r| Ok(Vpc { id: r.get(0)?, name: r.get(1)?, cidr: r.get(2)?, subnets: vec![] }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for vpc in &mut vpcs {
        vpc.subnets = conn
            .prepare_cached("SELECT id, name, cidr FROM subnets WHERE vpc_id = ?1 ORDER BY id")?
            .query_map([vpc.id], |r| Ok(Subnet { id: r.get(0)?, name: r.get(1)?, cidr: r.get(2)? }))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
    }
    Ok(vpcs)
}

/// The current account's security groups.
pub fn security_groups(conn: &Connection) -> Result<Vec<SecurityGroup>> {
    let account = accounts::current(conn)?;
    conn.prepare_cached("SELECT id, name, ports FROM security_groups WHERE account_id = ?1 ORDER BY id")?
        .query_map([&account], |r| Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?
        .map(|row| {
            let (id, name, ports) = row?;
            Ok(SecurityGroup { id, name, ports: read_ports(&ports)? })
        })
        .collect()
}

/// The security group the seller of `product_id` recommends, if any.
pub fn recommended_security_group(conn: &Connection, product_id: &str) -> Result<Option<RecommendedSecurityGroup>> {
    let row = conn
        .prepare_cached("SELECT name, ports FROM recommended_security_groups WHERE product_id = ?1")?
        .query_row([product_id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .optional()?;
    row.map(|(name, ports)| {
        Ok(RecommendedSecurityGroup { product_id: product_id.to_string(), name, ports: read_ports(&ports)? })
    })
    .transpose()
}

/// Records the security group the seller of an image recommends (demo data, tests).
pub fn recommend_security_group(conn: &Connection, product_id: &str, name: &str, ports: &[u16]) -> Result<()> {
    network::check_name("security group name", name)?;
    let ports = network::check_ports(ports)?;
    conn.prepare_cached(
        "INSERT INTO recommended_security_groups (product_id, name, ports) VALUES (?1, ?2, ?3)
         ON CONFLICT (product_id) DO UPDATE SET name = excluded.name, ports = excluded.ports",
    )?
    .execute(params![product_id, name, write_ports(&ports)])?;
    Ok(())
}

pub(crate) fn read_ports(text: &str) -> Result<Vec<u16>> {
    serde_json::from_str(text).map_err(|e| CoreError::Internal(format!("stored ports {text:?} are unreadable: {e}")))
}

pub(crate) fn write_ports(ports: &[u16]) -> String {
    serde_json::to_string(ports).unwrap_or_else(|_| "[]".into())
}

/// The current account's elastic IPs still held.
pub fn eips(conn: &Connection) -> Result<Vec<ElasticIp>> {
    let account = accounts::current(conn)?;
    conn.prepare_cached(
        "SELECT id, address, bandwidth_mbps FROM eips WHERE account_id = ?1 AND released_at IS NULL ORDER BY id",
    )?
    .query_map([&account], |r| Ok(ElasticIp { id: r.get(0)?, address: r.get(1)?, bandwidth_mbps: r.get(2)? }))?
    .collect::<rusqlite::Result<Vec<_>>>()
    .map_err(Into::into)
}
