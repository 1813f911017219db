//! "How is this computed?": the formulas, in the words the page shows. The long form, with the
//! reasoning behind each choice, is `docs/cost-model.md`; the two must say the same thing.

pub struct Formula {
    pub name: &'static str,
    pub formula: &'static str,
    pub note: &'static str,
}

const CLOSURE: Formula = Formula {
    name: "Closure",
    formula: "every kind a component requires is in the option: an existing component of that kind, or one pulled in (marked \"needed by …\"), transitively",
    note: "A component run by a provider pulls nothing in: what it needs is the provider's business.",
};

const INSTANCES: Formula = Formula {
    name: "Instances",
    formula: "count = fixed number | servers (per server) | services (per service); default from the kind's scope",
    note: "",
};

const COMPONENTS_TO_MANAGE: Formula = Formula {
    name: "Components to manage",
    formula: "kinds the team operates in the option − kinds it operates in the baseline (added, removed, signed net)",
    note: "Counted by kind: twelve storage daemons are one component to manage. Provider-run components are not managed by the team.",
};

const NET_MONTHLY_VALUE: Formula = Formula {
    name: "Net monthly value",
    formula: "capability value − added money a month",
    note: "Negative when the option costs more to run than it brings in this context.",
};

const VERDICT: Formula = Formula {
    name: "Verdict",
    formula: "payback = one-time cost ÷ net monthly value, in whole months, when the option gains each month; it pays back if that is within the horizon",
    note: "An option that costs more each month than it is worth never pays back; a net monthly value under 50 cents changes nothing.",
};

const BREAK_EVEN: Formula = Formula {
    name: "Break-even",
    formula: "each option's net monthly value at 41 values of one assumption, evenly spaced from a tenth to ten times today's (a share over its whole range, a component's figure from zero to four times today's); a crossing of zero is solved from the straight line between two samples when the midpoint lies on it, narrowed down by halving when not, and taken at the first whole value past it for a whole-number assumption",
    note: "Every other assumption stays as it is. Models of more than 120 components are not swept.",
};

const FLIP_POINT: Formula = Formula {
    name: "Flip point",
    formula: "the nearest value at which the net over the horizon changes sign, as one of servers, services, engineers, hourly cost, deploys a week, demand swing or server cost moves from a tenth to ten times today's value (a share over its whole range), narrowed down by halving",
    note: "When no number flips it, the fleet (fixed or elastic) and the workload (stateful or not) are each turned the other way, then both together; when that does not flip it either, the numbers are tried again with both turned, and the first that flips it (servers first, then services…) is named. Models of more than 120 components are not searched.",
};

/// The formulas of a cost model, as the page states them.
pub fn formulas(cost_model: u32) -> &'static [Formula] {
    if cost_model >= 2 {
        MODEL_2
    } else {
        FORMULAS
    }
}

/// Cost model 1's formulas (frozen with it: documents of model 1 still compute by them).
pub const FORMULAS: &[Formula] = &[
    CLOSURE,
    Formula {
        name: "Kinds defined in the document",
        formula: "used, pulled in, counted, costed and compared exactly like the catalog's kinds, with the same formulas",
        note: "Their figures cite the document (\"Defined in this document\", with the source its author gave) instead of the catalog's sources; a figure left out is zero.",
    },
    INSTANCES,
    Formula {
        name: "Ops hours a month (per component)",
        formula: "routine + routine per instance × instances + upgrades a year ÷ 12 × (hours per upgrade + hours per upgrade per instance × instances) + incidents a year ÷ 12 × hours per incident",
        note: "Zero for a component run by a provider.",
    },
    Formula {
        name: "Capacity (per component)",
        formula: "cores = cores per instance × instances; memory = GiB per instance × instances",
        note: "A node reservation (kubelet, runtime) follows GKE's tiers for the server's size: CPU 6% of core 1, 1% of core 2, 0.5% of cores 3–4, 0.25% above; memory 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above, + 100 MiB.",
    },
    Formula {
        name: "Money a month (per component)",
        formula: "ops hours × hourly cost + licence × instances + cores × (server cost × 50% ÷ cores per server) + GiB × (server cost × 50% ÷ GiB per server) + provider price",
        note: "Half a server's cost is attributed to its cores, half to its memory, so capacity costs add up across components. On a fixed fleet this capacity is taken from the workload.",
    },
    COMPONENTS_TO_MANAGE,
    Formula {
        name: "Fleet capacity eaten",
        formula: "servers = max(Δcores ÷ cores per server, Δmemory ÷ GiB per server); share = servers ÷ fleet size",
        note: "",
    },
    Formula {
        name: "Learning hours",
        formula: "Σ over added kinds: hours for one engineer to learn it × engineers; one-time cost = learning hours × hourly cost",
        note: "",
    },
    Formula {
        name: "Capability value",
        formula: "Σ worth of capabilities the option has and the baseline lacks − Σ worth of those it loses; each counts once per option",
        note: "Each capability's worth follows a rule of the context, listed with the capabilities below.",
    },
    NET_MONTHLY_VALUE,
    Formula {
        name: "Net over the horizon",
        formula: "net monthly value × horizon months − one-time cost",
        note: "",
    },
    VERDICT,
    FLIP_POINT,
    BREAK_EVEN,
    Formula {
        name: "Failure view",
        formula: "blast radius = every component that runs on or depends on it, transitively; single point of failure = one instance with a non-empty blast radius",
        note: "\"Managed by\" does not propagate failure: when a control plane or deploy tool fails, what it manages keeps running but cannot change.",
    },
];

/// The rule of a capability's worth, in words (the numbers come from the context).
pub fn rule_text(rule: &crate::catalog::ValueRule) -> String {
    use crate::catalog::ValueRule as R;
    use crate::format::{hours, percent};
    match rule {
        R::ElasticCapacity { stateful_factor } => format!(
            "fixed fleet: 0; elastic: servers × server cost × demand variation (× {} when stateful)",
            percent(*stateful_factor)
        ),
        R::FailureRecovery {
            recovery_hours,
            stateful_factor,
        } => format!(
            "servers × failures a year ÷ 12 × {} of manual recovery × hourly cost (× {} when stateful)",
            hours(*recovery_hours),
            percent(*stateful_factor)
        ),
        R::Packing {
            max_saving,
            full_at_services,
            stateful_factor,
        } => format!(
            "servers × server cost × {} × min(1, (services − 1) ÷ {}) (× {} when stateful)",
            percent(*max_saving),
            full_at_services,
            percent(*stateful_factor)
        ),
        R::PerExtraService { hours_month } => format!(
            "(services − 1) × {} a month × hourly cost",
            hours(*hours_month)
        ),
        R::PerService { hours_month } => {
            format!("services × {} a month × hourly cost", hours(*hours_month))
        }
        R::PerServer { hours_month } => {
            format!("servers × {} a month × hourly cost", hours(*hours_month))
        }
        R::PerDeploy { hours: saved } => format!(
            "services × deploys a week × 52 ÷ 12 × {} saved × hourly cost",
            hours(*saved)
        ),
        R::FixedHours { hours_month } => {
            format!("{} a month saved × hourly cost", hours(*hours_month))
        }
        R::CutsHours { pool, share } => format!(
            "{} of the {} a month the option carries (what is left of them after other capabilities' cuts) × hourly cost",
            percent(*share),
            pool.label()
        ),
        R::PerExtraTeam { hours_month } => format!(
            "(teams − 1) × {} a month × hourly cost",
            hours(*hours_month)
        ),
        R::FinerScaling {
            finer_share,
            stateful_factor,
        } => format!(
            "fixed fleet: 0; elastic: servers × server cost × demand variation × {} (the swing whole servers cannot follow) (× {} when stateful)",
            percent(*finer_share),
            percent(*stateful_factor)
        ),
        R::PackingFreed {
            max_saving,
            full_at_services,
            stateful_factor,
        } => format!(
            "servers freed = running servers × {} × min(1, (services − 1) ÷ {}) (× {} when stateful); × server cost where capacity is money, else the purchases it avoids",
            percent(*max_saving),
            full_at_services,
            percent(*stateful_factor)
        ),
    }
}

/// Cost model 2's formulas. Each term of an option's comparison with the baseline is one of
/// these (a test holds every term of `Versus` to a formula here).
pub const MODEL_2: &[Formula] = &[
    CLOSURE,
    Formula {
        name: "Kinds defined in the document",
        formula: "used, pulled in, counted, costed and compared exactly like the catalog's kinds, with the same formulas",
        note: "Their figures cite the document instead of the catalog's sources; a figure left out is zero.",
    },
    INSTANCES,
    Formula {
        name: "Overrides",
        formula: "a figure set on a component replaces the catalog's default for that component; it is not added to it",
        note: "A reservation override replaces the reservation the rule would compute.",
    },
    Formula {
        name: "Ops hours a month (per component)",
        formula: "routine + routine per instance × instances + upgrades a year ÷ 12 × (hours per upgrade + hours per upgrade per instance × instances) + (incidents a year + incidents a year per instance × instances) ÷ 12 × hours per incident",
        note: "Incidents are counted per component, and grow with instances where the kind says so. Zero for a component run by a provider.",
    },
    Formula {
        name: "Capacity (per component)",
        formula: "cores = cores per instance × instances; memory = GiB per instance × instances; a composite's footprint is the sum of its parts' unless it states its own",
        note: "A managed node pool's reservation follows its provider's formula for the server's size (GKE's tiers, or EKS: 11 MiB × 110 pods + 255 MiB, + 100 MiB eviction); a self-managed node agent reserves nothing by default and counts what its processes use.",
    },
    Formula {
        name: "Money a month (per component)",
        formula: "ops hours × hourly cost + licence × instances + provider price + capacity, where capacity is money: cores × (server cost × 50% ÷ cores per server) + GiB × (server cost × 50% ÷ GiB per server)",
        note: "Capacity is money on an elastic fleet or a rented one. On a fixed fleet the team owns it is capacity, shown apart, and costs money only for the servers it forces the team to buy.",
    },
    COMPONENTS_TO_MANAGE,
    Formula {
        name: "Fleet capacity eaten",
        formula: "servers = the option's need − the baseline's, a need being max(cores ÷ cores per server, memory ÷ GiB per server); share = servers ÷ fleet size",
        note: "Negative when the option frees capacity.",
    },
    Formula {
        name: "Servers to buy",
        formula: "fixed fleet the team owns: ⌈servers eaten − fleet × spare share⌉ when positive, else 0; each costs the server's monthly (amortised) cost",
        note: "Elsewhere capacity is already money, and nothing is bought.",
    },
    Formula {
        name: "On-call cover",
        formula: "an option whose team-operated components page someone, against a baseline whose do not: cover hours a month × max(1, rotation size ÷ engineers); the reverse saves as much",
        note: "A rotation needs about 8 engineers for 24/7 cover at one site (Google SRE book); a smaller team pays more for the same cover.",
    },
    Formula {
        name: "Added ops hours and money",
        formula: "the option's − the baseline's, + on-call cover (hours, and × hourly cost as money) + servers to buy × server cost",
        note: "",
    },
    Formula {
        name: "Learning hours",
        formula: "Σ over added kinds: hours for one engineer to learn it × engineers",
        note: "",
    },
    Formula {
        name: "One-time work",
        formula: "Σ over the option's components: one-time hours + one-time hours per instance × instances, − the baseline's",
        note: "Migration, building, instrumenting, entering data, a cutover: work done once, set per kind or per component. A provider-run component has no hours a month for the team, but moving onto it is the team's work.",
    },
    Formula {
        name: "One-time cost",
        formula: "(learning hours + one-time work) × hourly cost",
        note: "",
    },
    Formula {
        name: "Capability value",
        formula: "Σ worth of capabilities the option has and the baseline lacks − Σ worth of those it loses (worked out on the baseline's hours); each counts once per option",
        note: "A capability is worth a share of hours the option already carries (incidents, routine, upgrades, deploys), so it never exceeds what it removes; two capabilities cutting the same hours take their shares one after the other. Its rule is listed with the capabilities below.",
    },
    NET_MONTHLY_VALUE,
    Formula {
        name: "Net over the horizon",
        formula: "net monthly value × horizon months − one-time cost",
        note: "Undiscounted, and it adds labour (hours × hourly cost) to cash as if they were the same money.",
    },
    Formula {
        name: "Hourly cost",
        formula: "what an engineer costs the employer a year ÷ productive hours a year",
        note: "Productive hours, not paid hours: about 1,500–1,700 a year once leave, meetings and overhead are out.",
    },
    VERDICT,
    FLIP_POINT,
    BREAK_EVEN,
    Formula {
        name: "Failure points added",
        formula: "kinds whose failure stops something in the option (something runs on or depends on them) − such kinds in the baseline",
        note: "",
    },
    Formula {
        name: "Partial failure points added",
        formula: "kinds whose failure degrades something (something is managed by them) − such kinds in the baseline",
        note: "Partial, not none: while a control plane or a deploy tool is down, what it manages keeps running but cannot change, and what stops meanwhile (a node restarting) is not started again.",
    },
    Formula {
        name: "Single points of failure",
        formula: "a component with one instance whose failure stops something; new ones are those whose kind is not a single point in the baseline",
        note: "",
    },
    Formula {
        name: "Failure view",
        formula: "blast radius = every component that runs on or depends on it, transitively",
        note: "\"Managed by\" does not stop what it manages, but it is not harmless: while a control plane is down, nothing it manages can change, and what stops (a node restart) is not started again.",
    },
];
