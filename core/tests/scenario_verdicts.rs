//! The verdicts and flip points of the inventory and database scenarios under cost model 2,
//! derived by hand from catalog v2's figures (data/catalog/v2/inventory.toml, database.toml)
//! and the scenario files. The landing scenario's derivation is `k8s_storage.rs`; every
//! scenario's sentences are snapshotted in `verdicts.rs`.

use overhead_core::analysis::analyse;
use overhead_core::edit::ContextNumber;
use overhead_core::scenario;
use overhead_core::verdict::{flip_points, Flip, Verdict};

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-6 * expected.abs().max(1.0),
        "{actual} != {expected}"
    );
}

// NetBox, its PostgreSQL and Redis, on 300 owned servers (a fixed fleet, 10% spare), 6 engineers
// at $75/h, 36 months.
// Hours: NetBox 2 + 4 ÷ 12 × 3 + 1 ÷ 12 × 6 = 3.5; PostgreSQL 3 + 5 ÷ 12 × (2 + 0.5) + 2 ÷ 12 × 6
// = 5.041 67; Redis 0.25 + 1 ÷ 12 × 1 + 0.5 ÷ 12 × 6 = 0.583 33: 9.125 h a month, $684.375.
// Its capacity (1.75 cores) is within the 30 spare servers: no money.
// Value: the source of truth cuts 10% of the option's routine hours: servers 0.25 × S, the
// script 2 + 0.1 × S, systemd 0.5, Ansible 4, NetBox 2, PostgreSQL 3, Redis 0.25 = 0.35 S +
// 11.75 h; at 300 servers 116.75 h, 11.675 h × $75 = $875.625.
// Once: learning (8 + 16 + 4) h × 6 engineers = 168 h, entering the fleet 80 h: $18,600.
#[test]
fn netbox_pays_back_after_the_horizon_and_is_worth_it_from_424_servers() {
    let decision = scenario::load("inventory").unwrap();
    let analysis = analyse(&decision).unwrap();
    let v = &analysis.options[1].versus_baseline;
    close(v.ops_hours_month, 9.125);
    close(v.money_month, 684.375);
    close(v.value_month, 875.625);
    close(v.net_month, 191.25);
    close(v.one_time_cost, 18_600.0);
    // ⌊18,600 ÷ 191.25⌋ + 1 = 98 months, past the 36-month horizon.
    assert_eq!(
        Verdict::of(v, 36, false),
        Verdict::PaysBackTooLate {
            months: 98,
            horizon_months: 36,
            one_time_cost: 18_600.0
        }
    );
    // Net over 36 months at S servers: 36 × (7.5 × (0.35 S + 11.75) − 684.375) − 18,600
    // = 94.5 S − 40,065, positive from S = 423.97: 424 servers.
    let flips = flip_points(&decision).unwrap();
    assert_eq!(
        flips[1],
        Flip::At {
            assumption: ContextNumber::Servers,
            now: 300.0,
            at: 424.0,
            becomes_worth_it: true
        }
    );
}

// The managed database against Patroni, on 8 rented servers (capacity is money: $17.515 625 a
// core, $4.378 906 25 a GiB), 4 engineers at $75/h, 36 months.
// Removed hours: PostgreSQL × 2: 3 + 5 ÷ 12 × (2 + 0.5 × 2) + 2 ÷ 12 × 6 = 5.25; Patroni × 2:
// 1 + 2 ÷ 12 × (2 + 0.5 × 2) + 2 ÷ 12 × 6 = 2.5; etcd × 3: 1 + 1 ÷ 12 × (2 + 0.5 × 3) + 1 ÷ 12 × 6
// = 1.791 67; pgBackRest 2 + 2 ÷ 12 × 1 + 1 ÷ 12 × 6 = 2.666 67: 12.208 33 h. Added: the upkeep
// 1 + 1 ÷ 12 × 6 + 1 ÷ 12 × 6 = 2 h. Capacity removed: 8 + 0.2 + 3 + 0.5 = 11.7 cores, 32 + 0.2
// + 6 + 0.5 = 38.7 GiB = $374.40. The provider: $653.59 (instance, storage, transfer).
// Both fail over and recover to a point in time: no value changes hands.
#[test]
fn the_managed_database_pays_back_in_8_months_and_stops_below_31_dollars_an_hour() {
    let decision = scenario::load("database").unwrap();
    let analysis = analyse(&decision).unwrap();
    let v = &analysis.options[1].versus_baseline;
    let hours = 2.0 - 12.208_333_333_333_334;
    let capacity = 11.7 * 1121.0 * 0.5 / 32.0 + 38.7 * 1121.0 * 0.5 / 128.0;
    close(v.ops_hours_month, hours);
    close(v.money_month, hours * 75.0 - capacity + 653.59);
    close(v.value_month, 0.0);
    let net = -(hours * 75.0 - capacity + 653.59);
    close(v.net_month, net);
    // Once: learning the upkeep 4 h × 4 engineers, the cutover 32 h: (16 + 32) × $75 = $3,600;
    // ⌊3,600 ÷ 486.43⌋ + 1 = 8 months.
    close(v.one_time_cost, 3600.0);
    let Verdict::PaysBack { months, net_month } = Verdict::of(v, 36, false) else {
        panic!("{:?}", Verdict::of(v, 36, false));
    };
    assert_eq!(months, 8);
    close(net_month, net);
    // At r dollars an hour: 36 × (10.208 33 r + 374.40 − 653.59) − 48 r = 319.5 r − 10,050.97,
    // which turns negative below r = 31.458.
    let flips = flip_points(&decision).unwrap();
    let Flip::At { assumption, at, .. } = flips[1] else {
        panic!("{:?}", flips[1]);
    };
    assert_eq!(assumption, ContextNumber::HourlyCost);
    let crossing = 36.0 * (capacity - 653.59) / -(36.0 * -hours - 48.0);
    assert!((at - crossing).abs() < 0.01, "{at} against {crossing}");
    assert!((crossing - 31.458).abs() < 0.001, "{crossing}");
}
