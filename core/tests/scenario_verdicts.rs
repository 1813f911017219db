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

// Tracing, 30 services on 20 owned servers (fixed, 15% spare), 5 engineers at $75/h.
// The SDK option adds: the SDK × 30: 1 + 0.25 × 30 + 4 ÷ 12 × (2 + 0.5 × 30) + (1 + 0.05 × 30)
// ÷ 12 × 6 = 8.5 + 5.667 + 1.25 = 15.417 h; the collector × 2: 1 + 4 ÷ 12 + 1 ÷ 12 × 6 = 1.833 h;
// Tempo 2 + 4 ÷ 12 × 2 + 2 ÷ 12 × 6 = 3.667 h; object storage 0.25 + 0.5 ÷ 12 × 2 = 0.333 h and
// $23.55: 21.25 h, $1,617.30 a month (its 7 cores are within the 3 spare servers).
// Tracing cuts 30% of the option's incident hours: the services (1 + 30) ÷ 12 × 6 = 15.5,
// Ansible 0.5, monitoring 1, and the SDK's own 1.25 + 0.5 + 1 + 0.083 = 19.833 h: $446.25.
// The rebuilt traces add the shipper × 20 servers (1 + 0.05 × 20 + 4 ÷ 12 × (1 + 0.05 × 20) +
// (0.5 + 0.025 × 20) ÷ 12 × 6 = 3.167 h), Loki 3.667, the rebuilder × 30 (2 + 0.25 × 30 +
// 2 ÷ 12 × 4 + (1 + 0.05 × 30) ÷ 12 × 6 = 11.417), Tempo 3.667, storage 0.333: 22.25 h,
// $1,692.30; rebuilt traces and log search each cut 20% of the incident hours left
// (17 + 0.5 + 1 + 1.25 + 1 + 0.083 = 20.833 h): 4.167 + 3.333 = 7.5 h, $562.50.
// Per added service the SDK costs 0.25 + 4 ÷ 12 × 0.5 + 0.05 ÷ 12 × 6 = 0.442 h and cuts
// 0.3 × (1 + 0.05) ÷ 12 × 6 = 0.158 h; every number scales both sides alike or the cost only:
// no number flips either.
#[test]
fn neither_way_of_tracing_pays_for_itself_here_and_no_number_changes_that() {
    let decision = scenario::load("tracing").unwrap();
    let analysis = analyse(&decision).unwrap();
    let sdk = &analysis.options[1].versus_baseline;
    close(sdk.ops_hours_month, 21.25);
    close(sdk.money_month, 21.25 * 75.0 + 23.55);
    close(
        sdk.value_month,
        0.3 * (17.0 + 2.833_333_333_333_333_5) * 75.0,
    );
    close(sdk.net_month, 446.25 - 1617.3);
    // Once: learning (16 + 4 + 12 + 4) × 5 = 180 h; work 8 + 6 × 30 + 4 + 8 + 4 = 204 h.
    close(sdk.one_time_cost, (180.0 + 204.0) * 75.0);
    let logs = &analysis.options[2].versus_baseline;
    close(logs.ops_hours_month, 22.25);
    close(logs.value_month, 562.5);
    close(logs.net_month, 562.5 - (22.25 * 75.0 + 23.55));
    let flips = flip_points(&decision).unwrap();
    assert_eq!(flips[1], Flip::Nowhere);
    assert_eq!(flips[2], Flip::Nowhere);
}

// Microservices: 12 services on 8 rented, elastic servers (capacity is money: $17.515 625 a core,
// $4.378 906 25 a GiB), 8 engineers in 3 teams at $75/h, 3 deploys a week per service of 0.5 h.
// Added hours: services × 12 (0.5 × 12 + 1 ÷ 12 × 2 × 12 + (1 + 12) ÷ 12 × 6 = 14.5), pipelines
// × 12 (2 + 0.1 × 12 + 2 ÷ 12 × 2 = 3.533), gateway × 2 (2 + 4 ÷ 12 × 3 + 2 ÷ 12 × 6 = 4),
// sidecars × 12 (0.25 × 12 + 4 ÷ 12 × (1 + 0.1 × 12) + (1 + 0.05 × 12) ÷ 12 × 6 = 4.533), istiod
// (4 + 4 ÷ 12 × 8 + 4 ÷ 12 × 6 = 8.667), SDK × 12 (1 + 0.25 × 12 + 4 ÷ 12 × (2 + 0.5 × 12) +
// (1 + 0.05 × 12) ÷ 12 × 6 = 7.467), collector 1.833, Tempo 3.667, storage 0.333 = 48.533 h,
// less the monolith (2 + 16 ÷ 12 + 4 ÷ 12 × 6 = 5.333) and its pipeline (2 + 0.1 + 2 ÷ 12 × 2 =
// 2.433): +40.767 h. Licences: 12 × $8 − $8 + $23.55. Capacity: +16.85 cores, +32.8 GiB.
// Value: independent deploys (3 − 1) × 4 h × $75 = $600; fault isolation 25% of the option's
// 21.417 incident hours = $401.56; traffic management 10% of 12 × 3 × 52 ÷ 12 × 0.5 = 78 deploy
// hours = $585.
#[test]
fn microservices_cost_more_every_month_and_are_worth_it_only_with_many_more_teams() {
    let decision = scenario::load("microservices").unwrap();
    let analysis = analyse(&decision).unwrap();
    let v = &analysis.options[1].versus_baseline;
    let hours = 48.533_333_333_333_33 - 7.766_666_666_666_667;
    close(v.ops_hours_month, hours);
    let capacity = 16.85 * 1121.0 * 0.5 / 32.0 + 32.8 * 1121.0 * 0.5 / 128.0;
    let money = hours * 75.0 + 12.0 * 8.0 - 8.0 + 23.55 + capacity;
    close(v.money_month, money);
    let value = 600.0 + 0.25 * 21.416_666_666_666_668 * 75.0 + 585.0;
    close(v.value_month, value);
    close(v.net_month, value - money);
    // Once: learning (16 + 30 + 10 + 16 + 4 + 12 + 4) × 8 = 736 h; work: splitting 80 × 12,
    // pipelines 16 + 12 − 17, gateway 16, sidecars 2 × 12, istiod 40, SDK 8 + 6 × 12, collector
    // 4, Tempo 8, storage 4 = 1,147 h.
    close(v.one_time_cost, (736.0 + 1147.0) * 75.0);
    // Each team past today's 3 adds $300 a month: 36 × (net + 300 (T − 3)) − $141,225 > 0 from
    // T − 3 > 19.8: 23 teams.
    let flips = flip_points(&decision).unwrap();
    assert_eq!(
        flips[1],
        Flip::At {
            assumption: ContextNumber::Teams,
            now: 3.0,
            at: 23.0,
            becomes_worth_it: true
        }
    );
    let needed = (-(value - money) + 141_225.0 / 36.0) / 300.0;
    assert!(needed > 19.0 && needed < 20.0, "{needed}");
}
