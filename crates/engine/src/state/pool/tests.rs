use std::collections::VecDeque;

use super::*;
use crate::ml::test_data::lcg_training_data;
use crate::ml::{
    Criterion, ForestParams, MaxFeatures, Order as SplitOrder, Rng, Scoring, TrainingData,
};
use crate::state::{Next, Outcome, RunState};

fn events() -> TrainingData {
    lcg_training_data()
}

fn forest_plan(n_estimators: usize) -> Plan {
    Plan::Train {
        split: SplitSpec {
            validation: 0.2,
            test: 0.3,
            order: SplitOrder::Shuffled { seed: 11 },
            stratify: true,
        },
        scaling: Scaling::Standard,
        spec: ModelSpec::Forest(ForestParams {
            n_estimators,
            max_depth: Some(5),
            random_state: 3,
            ..ForestParams::default()
        }),
    }
}

/// Every setting the CMS exercise searches over, categorical and boolean ones included.
fn grid_plan() -> Plan {
    let forest = |criterion, bootstrap, max_features, n_estimators| {
        ModelSpec::Forest(ForestParams {
            criterion,
            bootstrap,
            max_features,
            n_estimators,
            max_depth: Some(4),
            ..ForestParams::default()
        })
    };
    Plan::GridSearch {
        candidates: vec![
            forest(Criterion::Gini, true, MaxFeatures::Sqrt, 4),
            forest(Criterion::Entropy, true, MaxFeatures::Sqrt, 2),
            forest(Criterion::Gini, false, MaxFeatures::All, 3),
            forest(Criterion::Entropy, false, MaxFeatures::Log2, 5),
            ModelSpec::Logistic(crate::ml::LogisticParams::default()),
        ],
        cv: CrossValidation {
            folds: 3,
            seed: 8,
            scoring: Scoring::RocAuc,
        },
    }
}

/// Runs `plan` on one worker, as the app does without a pool: the run's outcome.
fn alone(plan: &Plan, data: &TrainingData) -> Outcome {
    let mut run = RunState::started(0.0);
    let mut outcome = None;
    crate::ml::run(&plan.clone().with_data(data.clone()), &mut |event| {
        if let Next::End(o) = run.on_reply(Reply::Event(event), 1.0) {
            outcome = Some(o);
        }
        true
    });
    outcome.expect("an outcome")
}

/// Runs `plan` on a simulated pool of `workers`: each worker keeps a queue of replies, and the
/// next reply delivered comes from a worker drawn with `seed` (so pieces finish in any order).
/// Returns the run's outcome and everything the run was told.
fn pooled(plan: &Plan, data: &TrainingData, workers: usize, seed: u64) -> (Outcome, Vec<Reply>) {
    let inputs = data.features.columns.len();
    let mut pool = Pool::of(plan, workers, inputs).expect("a pool");
    let n = pool.workers();
    let mut inboxes: Vec<VecDeque<Reply>> =
        (0..n).map(|_| VecDeque::from([Reply::Ready])).collect();
    let mut holds_events = vec![false; n];
    let mut run = RunState::started(0.0);
    let mut told = Vec::new();
    let mut rng = Rng::new(seed, 0);
    loop {
        let busy: Vec<usize> = (0..n).filter(|&w| !inboxes[w].is_empty()).collect();
        if busy.is_empty() {
            panic!("the pool stalled; told: {told:?}");
        }
        let w = busy[rng.below(busy.len())];
        let reply = inboxes[w].pop_front().expect("a reply");
        for order in pool.on_reply(w, reply) {
            match order {
                Order::Post {
                    worker,
                    plan,
                    events,
                } => {
                    assert!(
                        events != holds_events[worker],
                        "worker {worker}: events sent {events}, held {}",
                        holds_events[worker]
                    );
                    holds_events[worker] = true;
                    inboxes[worker].push_back(Reply::Device {
                        device: crate::state::Device::Cpu,
                        note: None,
                    });
                    crate::ml::run(&plan.with_data(data.clone()), &mut |e| {
                        inboxes[worker].push_back(Reply::Event(e));
                        true
                    });
                }
                Order::Load { worker } => {
                    assert!(
                        !holds_events[worker],
                        "worker {worker} was sent the events twice"
                    );
                    holds_events[worker] = true;
                }
                Order::Tell(reply) => {
                    told.push(reply.clone());
                    if let Next::End(outcome) = run.on_reply(reply, 1.0) {
                        return (outcome, told);
                    }
                }
            }
        }
    }
}

#[test]
fn a_pooled_forest_is_the_single_workers_forest_bit_for_bit() {
    let data = events();
    let plan = forest_plan(7);
    let expected = alone(&plan, &data);
    assert!(matches!(&expected, Outcome::Trained(t) if t.validation_auc.is_some()));
    for (workers, seed) in [(2, 1), (3, 2), (4, 3), (7, 4), (8, 5)] {
        let (outcome, told) = pooled(&plan, &data, workers, seed);
        assert!(outcome == expected, "{workers} workers gave another model");
        // Progress is the whole forest's, and reaches it; the device is said once.
        let progress: Vec<(usize, usize)> = told
            .iter()
            .filter_map(|r| match r {
                Reply::Event(JobEvent::Progress { done, total }) => Some((*done, *total)),
                _ => None,
            })
            .collect();
        assert!(progress.iter().all(|&(_, total)| total == 7));
        assert_eq!(progress.last(), Some(&(7, 7)));
        let devices = told
            .iter()
            .filter(|r| matches!(r, Reply::Device { .. }))
            .count();
        assert_eq!(devices, 1);
    }
}

#[test]
fn a_pooled_grid_search_is_the_single_workers_search_and_fills_its_table_in_order() {
    let data = events();
    let plan = grid_plan();
    let expected = alone(&plan, &data);
    let Outcome::Searched(search) = &expected else {
        panic!("{expected:?}")
    };
    assert_eq!(search.candidates.len(), 5);
    for (workers, seed) in [(2, 10), (3, 11), (8, 12)] {
        let (outcome, told) = pooled(&plan, &data, workers, seed);
        assert!(outcome == expected, "{workers} workers: {outcome:?}");
        let rows: Vec<&CandidateScore> = told
            .iter()
            .filter_map(|r| match r {
                Reply::Event(JobEvent::Candidate(c)) => Some(c),
                _ => None,
            })
            .collect();
        assert_eq!(
            rows,
            search.candidates.iter().collect::<Vec<_>>(),
            "rows reach the table once each, in the candidates' order"
        );
        let last = told.iter().rev().find_map(|r| match r {
            Reply::Event(JobEvent::Progress { done, total }) => Some((*done, *total)),
            _ => None,
        });
        assert_eq!(last, Some((15, 15)), "5 candidates × 3 folds");
    }
}

/// A model that learns in sequence, with its permutation importances measured by the pool —
/// on the validation part, on the test part, or with nothing held out (nothing to measure).
fn sequential_plan(spec: ModelSpec, validation: f64, test: f64) -> Plan {
    Plan::Train {
        split: SplitSpec {
            validation,
            test,
            order: SplitOrder::Shuffled { seed: 5 },
            stratify: true,
        },
        scaling: Scaling::Standard,
        spec,
    }
}

#[test]
fn pooled_permutation_importances_are_the_single_workers_bit_for_bit() {
    let data = events();
    let boosting = ModelSpec::Boosting(crate::ml::BoostingParams {
        n_estimators: 15,
        ..crate::ml::BoostingParams::default()
    });
    let network = ModelSpec::Mlp(crate::ml::MlpParams {
        hidden_layers: vec![6],
        epochs: 2,
        ..crate::ml::MlpParams::default()
    });
    let logistic = ModelSpec::Logistic(crate::ml::LogisticParams::default());
    let plans = [
        sequential_plan(boosting, 0.2, 0.3),
        sequential_plan(logistic.clone(), 0.0, 0.25),
        sequential_plan(network, 0.0, 0.25),
    ];
    for plan in &plans {
        let expected = alone(plan, &data);
        let Outcome::Trained(t) = &expected else {
            panic!("{expected:?}")
        };
        assert_eq!(t.importances.method, ImportanceMethod::Permutation);
        assert_eq!(t.importances.values.len(), 4);
        for (workers, seed) in [(2, 21), (3, 22), (4, 23)] {
            let (outcome, told) = pooled(plan, &data, workers, seed);
            assert!(outcome == expected, "{workers} workers: {outcome:?}");
            // The training's progress is the run's; the measuring adds none.
            let last = told.iter().rev().find_map(|r| match r {
                Reply::Event(JobEvent::Progress { done, total }) => Some((*done, *total)),
                _ => None,
            });
            assert!(matches!(last, Some((d, t)) if d == t), "{last:?}");
        }
    }
    // Nothing held out: no importances to measure, the learnt model is the result at once.
    let plan = sequential_plan(logistic, 0.0, 0.0);
    let expected = alone(&plan, &data);
    let (outcome, _) = pooled(&plan, &data, 3, 24);
    assert!(outcome == expected);
}

#[test]
fn only_shareable_work_is_pooled_and_the_pool_never_outnumbers_its_pieces() {
    assert_eq!(
        Pool::of(&forest_plan(10), 1, 4),
        None,
        "one worker: no pool"
    );
    assert_eq!(Pool::of(&forest_plan(1), 4, 4), None, "one tree: one piece");
    assert_eq!(
        Pool::of(&forest_plan(3), 8, 4).map(|p| p.workers()),
        Some(3)
    );
    assert_eq!(Pool::of(&grid_plan(), 4, 4).map(|p| p.workers()), Some(4));
    let Plan::Train { split, scaling, .. } = forest_plan(1) else {
        unreachable!()
    };
    for sequential in [
        crate::ml::ModelKind::Boosting,
        crate::ml::ModelKind::AdaBoost,
        crate::ml::ModelKind::Mlp,
        crate::ml::ModelKind::Logistic,
    ] {
        let plan = Plan::Train {
            split,
            scaling,
            spec: sequential.default_spec(),
        };
        // Their importances are shared, an input or more each: never more workers than inputs.
        assert_eq!(
            Pool::of(&plan, 4, 10).map(|p| p.workers()),
            Some(4),
            "{sequential:?}"
        );
        assert_eq!(
            Pool::of(&plan, 8, 3).map(|p| p.workers()),
            Some(3),
            "{sequential:?}"
        );
        assert_eq!(
            Pool::of(&plan, 4, 1),
            None,
            "{sequential:?}: one input, one piece"
        );
    }
    let tree = Plan::Train {
        split,
        scaling,
        spec: crate::ml::ModelKind::Tree.default_spec(),
    };
    assert_eq!(
        Pool::of(&tree, 4, 10),
        None,
        "a tree's importances are its splits'"
    );
    // Ranges cover every tree once, near-equal: 10 trees on 4 workers → 2, 3, 2, 3.
    let Some(Pool {
        work: Work::Forest(f),
        ..
    }) = Pool::of(&forest_plan(10), 4, 4)
    else {
        panic!("a forest pool")
    };
    assert_eq!(f.ranges, [0..2, 2..5, 5..7, 7..10]);
}

#[test]
fn a_failing_piece_ends_the_run_with_its_message() {
    let mut pool = Pool::of(&forest_plan(4), 2, 4).expect("pool");
    let orders = pool.on_reply(1, Reply::Event(JobEvent::Failed("out of memory".into())));
    assert_eq!(
        orders,
        [Order::Tell(Reply::Event(JobEvent::Failed(
            "out of memory".into()
        )))]
    );
}

#[test]
fn the_pool_size_follows_the_cores_the_choice_and_the_memory() {
    let mb = 1_000_000;
    assert_eq!(pool_size(Some(4), None, 10 * mb), 4);
    assert_eq!(pool_size(Some(32), None, 10 * mb), MAX_WORKERS);
    assert_eq!(pool_size(None, None, 10 * mb), UNKNOWN_CORES);
    assert_eq!(
        pool_size(Some(4), Some(1), 10 * mb),
        1,
        "the student's choice"
    );
    assert_eq!(pool_size(Some(4), Some(6), 10 * mb), 6);
    // 10⁶ events × 30 inputs × 8 bytes = 240 MB a copy: 1.5 GB holds 6.
    assert_eq!(pool_size(Some(8), None, 240 * mb), 6);
    assert_eq!(pool_size(Some(8), None, 4_000 * mb), 1, "always one");
    assert_eq!(pool_size(Some(0), None, mb), 1);
}

#[test]
fn the_workers_menu_round_trips_and_says_what_automatic_means() {
    let options = worker_options(Some(4));
    assert_eq!(options.len(), 1 + MAX_WORKERS);
    assert_eq!(options[0].1, "automatic (4, one per core)");
    assert_eq!(worker_options(Some(64))[0].1, "automatic (8, one per core)");
    for (key, _) in &options {
        let choice = worker_choice(key).expect("a key of the menu");
        assert_eq!(&worker_key(choice), key);
    }
    assert_eq!(worker_choice("0"), None);
    assert_eq!(worker_choice("9"), None);
    assert_eq!(worker_choice("many"), None);
    assert!(shares(crate::ml::ModelKind::Forest) && shares(crate::ml::ModelKind::Boosting));
    assert!(!shares(crate::ml::ModelKind::Tree));
}

#[test]
fn the_run_says_how_many_workers_shared_it() {
    let mut run = RunState {
        workers: 3,
        ..RunState::started(0.0)
    };
    run.on_reply(
        Reply::Event(JobEvent::Progress { done: 2, total: 9 }),
        500.0,
    );
    assert_eq!(run.progress_text(), "2 of 9 steps on 3 workers");
    run.phase = crate::state::Phase::Finished;
    assert_eq!(
        run.training_summary().as_deref(),
        Some("Trained in 0.5 s on 3 workers.")
    );
    run.workers = 1;
    assert_eq!(run.training_summary().as_deref(), Some("Trained in 0.5 s."));
}
