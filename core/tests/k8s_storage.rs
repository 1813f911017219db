//! The landing scenario under cost model 2, derived by hand from catalog v2's figures
//! (data/catalog/v2/kubernetes-storage.toml) and the scenario (data/scenarios/1-k8s-storage.toml:
//! 12 servers of 32 cores / 128 GiB at $1,121 a month, fixed and owned, 15% spare; 4 engineers at
//! $75/h; 2 stateful services; 36 months). Cost model 1's derivation: `k8s_storage_model1.rs`.
//!
//! The seed's conclusion holds: Kubernetes adds exactly two components to manage, the control
//! plane and the node agent, at a negative net value on a fixed fleet of stateful servers; it
//! turns positive only on an elastic fleet of stateless services, from about 44 servers.

mod support;

use support::{close, kubernetes};

use overhead_core::analysis::analyse;
use overhead_core::model::Decision;
use overhead_core::scenario;
use overhead_core::verdict::{flip_points, Flip, Verdict};

fn landing() -> Decision {
    let decision = scenario::landing().expect("the landing scenario loads");
    assert_eq!((decision.catalog_version, decision.cost_model), (2, 2));
    decision
}

// Control plane, 3 replicas: 4 h + 3 upgrades a year ÷ 12 × 48 h + 12 incidents a year ÷ 12 × 6 h
// = 4 + 12 + 6 = 22 h a month.
const CONTROL_PLANE_HOURS: f64 = 22.0;
// Node agent on 12 servers: 0.1 × 12 + 3 ÷ 12 × (2 + 0.25 × 12) + (1 + 0.1 × 12) ÷ 12 × 6
// = 1.2 + 1.25 + 1.1 = 3.55 h a month.
const NODE_AGENT_HOURS: f64 = 3.55;
// Control plane: 3 × (apiserver 0.25 + etcd 2 + scheduler 0.1 + controller-manager 0.2) cores,
// 3 × (1 + 2 + 0.25 + 0.5) GiB. Node agent per server: kubelet 0.1 + containerd 0.05 +
// kube-proxy 0.1 + CNI 0.25 cores, 0.25 + 0.25 + 0.125 + 0.25 GiB: no node reservation on
// kubeadm nodes, whose OS is in the baseline too.
const ADDED_CORES: f64 = 3.0 * 2.55 + 12.0 * 0.5;
const ADDED_GIB: f64 = 3.0 * 3.75 + 12.0 * 0.875;
// Baseline: node-exporter 12 × (0.102 cores, 0.176 GiB) + Prometheus, Grafana, Alertmanager
// (2.1 cores, 4.6 GiB): it needs 3.324 ÷ 32 servers (cores bind). So does the option.
const BASELINE_CORES: f64 = 12.0 * 0.102 + 2.1;

#[test]
fn kubernetes_still_adds_exactly_two_components_to_manage() {
    let analysis = analyse(&landing()).unwrap();
    let v = &kubernetes(&analysis).versus_baseline;
    assert_eq!(v.managed_delta(), 2);
    let added: Vec<&str> = v
        .added_kinds
        .iter()
        .map(|&k| &*analysis.catalog.kinds[k].id)
        .collect();
    assert_eq!(added, ["k8s-control-plane", "k8s-node-agent"]);
}

#[test]
fn a_fixed_owned_fleet_counts_capacity_as_capacity_about_three_and_a_half_percent() {
    let analysis = analyse(&landing()).unwrap();
    let v = &kubernetes(&analysis).versus_baseline;
    close(v.cores, ADDED_CORES);
    close(v.memory_gib, ADDED_GIB);
    let need = |cores: f64| cores / 32.0;
    close(
        v.servers,
        need(BASELINE_CORES + ADDED_CORES) - need(BASELINE_CORES),
    );
    close(v.servers, 13.65 / 32.0);
    close(v.fleet_share, 13.65 / 32.0 / 12.0); // 3.55%
                                               // 0.43 servers is within the 1.8 spare (12 × 15%): nothing to buy, so no money.
    close(v.servers_to_buy, 0.0);
    close(v.ops_hours_month, CONTROL_PLANE_HOURS + NODE_AGENT_HOURS);
    close(
        v.money_month,
        (CONTROL_PLANE_HOURS + NODE_AGENT_HOURS) * 75.0,
    );
    // The storage daemons page already: no new on-call cover.
    close(v.on_call_hours_month, 0.0);
}

#[test]
fn on_a_fixed_fleet_of_stateful_servers_the_net_value_is_negative() {
    let analysis = analyse(&landing()).unwrap();
    let v = &kubernetes(&analysis).versus_baseline;
    // Rescheduling: 12 × 0.05 ÷ 12 failures × 6 h × $75 × 10% (stateful) = $2.25.
    // Service discovery: 5% of the option's routine hours (baseline 19.5 h: servers 0.25 × 12,
    // systemd 0.5, storage 8, Ansible 4, monitoring 4; + control plane 4 + node agent 1.2) =
    // 5% × 24.7 h × $75 = $92.625. Autoscaling: nothing on a fixed fleet. Packing: nothing for
    // stateful storage. Rolling deploys: Ansible has them already.
    let value = 2.25 + 0.05 * 24.7 * 75.0;
    close(v.value_month, value);
    let net = value - (CONTROL_PLANE_HOURS + NODE_AGENT_HOURS) * 75.0;
    close(v.net_month, net);
    close(net, -1821.375);
    // Once: learning (control plane 60 h + node agent 20 h) × 4 engineers = 320 h; work:
    // setting the cluster up 80 h + 1 h per node × 12 + containerising the daemon 40 h = 132 h.
    close(v.learning_hours, 320.0);
    close(v.one_time_work_hours, 132.0);
    close(v.one_time_cost, 452.0 * 75.0);
    close(v.net_horizon, net * 36.0 - 452.0 * 75.0);
    assert_eq!(
        Verdict::of(v, 36, false),
        Verdict::CostsMoreEveryMonth { net_month: net }
    );
}

#[test]
fn it_turns_positive_only_on_an_elastic_fleet_of_stateless_services_and_says_where() {
    let decision = landing();
    let flips = flip_points(&decision).unwrap();
    let Flip::ToggledAt {
        turned,
        assumption,
        at,
        becomes_worth_it,
        ..
    } = &flips[1]
    else {
        panic!("{:?}", flips[1]);
    };
    assert!(becomes_worth_it);
    assert_eq!(
        flips[1].sentence(),
        "No single change flips it; on an elastic fleet with a stateless workload it would be worth it at 44 servers or more (today on a fixed fleet with a stateful workload, 12 servers)."
    );
    assert_eq!(turned.len(), 2);
    assert_eq!(*assumption, overhead_core::edit::ContextNumber::Servers);
    // By hand, on an elastic fleet (capacity is money again: 13.65 cores × $17.52 + 21.75 GiB ×
    // $4.38 = $334.3 a month) of stateless services, per server: finer scaling
    // $1,121 × 30% × 25% = $84.08, packing 0.7 × 15% × 1/20 × $1,121 = $5.89, rescheduling
    // 0.05 ÷ 12 × 6 × $75 = $1.875; the node agent's capacity and hours grow with servers too.
    // Worth it over 36 months from 44 servers.
    let at_servers = |servers: u32| {
        let mut d = decision.clone();
        d.context.fleet.elastic = true;
        d.context.workload.stateful = false;
        d.context.fleet.servers = servers;
        kubernetes(&analyse(&d).unwrap())
            .versus_baseline
            .net_horizon
    };
    assert_eq!(*at, 44.0);
    assert!(at_servers(44) > 0.0 && at_servers(43) <= 0.0);
}

#[test]
fn a_control_plane_outage_degrades_what_it_manages() {
    // The control plane stops nothing (the daemons keep running), but what it manages cannot
    // change while it is down: one more kind of partial failure than the baseline (Ansible is
    // the baseline's).
    let analysis = analyse(&landing()).unwrap();
    let k8s = kubernetes(&analysis);
    assert_eq!(k8s.versus_baseline.degrading_points_added, 1);
    let index = |id: &str| k8s.graph.index_of(id).unwrap();
    assert!(k8s.blast_radius(index("k8s-control-plane")).is_empty());
    let mut degraded: Vec<&str> = k8s
        .degraded_by(index("k8s-control-plane"))
        .into_iter()
        .map(|i| k8s.graph.components[i].id.as_str())
        .collect();
    degraded.sort();
    assert_eq!(degraded, ["node-agent", "storage"]);
}

#[test]
fn a_failure_stops_what_runs_on_it_and_degrades_what_it_manages() {
    let analysis = analyse(&landing()).unwrap();
    let k8s = kubernetes(&analysis);
    let index = |id: &str| k8s.graph.index_of(id).unwrap();
    let ids = |list: &[usize]| {
        let mut ids: Vec<&str> = list
            .iter()
            .map(|&i| k8s.graph.components[i].id.as_str())
            .collect();
        ids.sort();
        ids
    };
    let plane = k8s.blast(index("k8s-control-plane"));
    assert_eq!(ids(&plane.stops), Vec::<&str>::new());
    assert_eq!(ids(&plane.degrades), ["node-agent", "storage"]);
    let agent = k8s.blast(index("node-agent"));
    assert_eq!(ids(&agent.stops), ["storage"]);
    assert!(agent.degrades.is_empty());
    // Systemd: the node agent and node-exporter run on it, the storage on the agent, and
    // monitoring depends on node-exporter: all four stop. Ansible manages the agent and systemd.
    let ansible = k8s.blast(index("ansible"));
    assert_eq!(ids(&ansible.degrades), ["node-agent", "systemd"]);
    let systemd = k8s.blast(index("systemd"));
    assert_eq!(
        ids(&systemd.stops),
        ["monitoring", "node-agent", "node-exporter", "storage"]
    );
    assert!(systemd.degrades.is_empty());
}
