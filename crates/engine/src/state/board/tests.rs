use super::*;

const KEY: &str = "f_event,isSignal,f_weight\n101,1,0.5\n102,0,1\n103,1,0.25\n104,0,2\n105,0,1\n106,1,0.5\n107,0,1.5\n108,1,0.75\n";
const IDS: [u64; 8] = [101, 102, 103, 104, 105, 106, 107, 108];

fn key() -> AnswerKey {
    AnswerKey::parse("key.csv", KEY).expect("key")
}

/// Scores in the key's order, as a file written by [`submission_csv`], rows reversed (order
/// must not matter).
fn file(name: &str, scores: [f64; 8]) -> String {
    let mut ids = IDS.to_vec();
    let mut s = scores.to_vec();
    ids.reverse();
    s.reverse();
    submission_csv(name, &ids, &s)
}

/// AUCs from scikit-learn 1.5.2, computed once:
/// `roc_auc_score([1,0,1,0,0,1,0,1], A, sample_weight=[0.5,1,0.25,2,1,0.5,1.5,0.75])` with
/// A = [0.9,0.2,0.35,0.4,0.1,0.8,0.3,0.6] → 0.9545454545454545 (by hand: the one pair out of
/// order, signal 0.35 of weight 0.25 below background 0.4 of weight 2, costs 0.5 of the
/// 2.0 × 5.5 = 11 weighted pairs) and B = [0.5,0.6,0.4,0.3,0.7,0.45,0.2,0.55] →
/// 0.6363636363636364.
#[test]
fn submissions_are_ranked_by_their_weighted_auc_on_the_key() {
    let key = key();
    assert_eq!(key.len(), 8);
    let a = [0.9, 0.2, 0.35, 0.4, 0.1, 0.8, 0.3, 0.6];
    let b = [0.5, 0.6, 0.4, 0.3, 0.7, 0.45, 0.2, 0.55];
    let subs = [
        Submission::check("b.csv", &file("Team Bravo", b), &key).expect("b"),
        Submission::check("a.csv", &file("Alice", a), &key).expect("a"),
    ];
    let board = rank(&key, &subs).expect("board");
    let names: Vec<&str> = board.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Alice", "Team Bravo"]);
    assert!((board[0].auc - 0.954_545_454_545_454_5).abs() < 1e-12);
    assert!((board[1].auc - 0.636_363_636_363_636_4).abs() < 1e-12);
    assert_eq!(board[0].roc.true_positive_rate.last(), Some(&1.0));
}

#[test]
fn a_submission_without_a_name_line_takes_its_files_name() {
    let key = key();
    let text = "f_event,score\n".to_owned()
        + &IDS.iter().map(|i| format!("{i},0.5\n")).collect::<String>();
    let s = Submission::check("carol_forest.csv", &text, &key).expect("ok");
    assert_eq!(s.name, "carol_forest");
}

#[test]
fn a_malformed_submission_is_refused_with_what_is_wrong() {
    let key = key();
    let message = |text: &str| {
        Submission::check("sub.csv", text, &key)
            .expect_err("refused")
            .to_string()
    };
    let rows = |ids: &[u64]| ids.iter().map(|i| format!("{i},0.5\n")).collect::<String>();
    assert_eq!(
        message(&("f_event,score\n".to_owned() + &rows(&IDS[..6]))),
        "sub.csv: 2 of the challenge's 8 events have no score (the first: 107)."
    );
    assert_eq!(
        message(&("f_event,score\n".to_owned() + &rows(&IDS) + "999,0.1\n")),
        "sub.csv: 1 scored events are not in this challenge (the first: 999) — is it the submission for another challenge?"
    );
    assert_eq!(
        message(&("f_event,score\n".to_owned() + &rows(&IDS) + "101,0.1\n")),
        "sub.csv: event 101 is scored twice."
    );
    assert!(message("id,prob\n1,0.5\n").contains("needs the columns f_event and score"));
    assert!(
        message(&("f_event,score\n101,\n".to_owned() + &rows(&IDS[1..])))
            .contains("event 101 (row 1) has no score")
    );
    assert!(message("").starts_with("sub.csv: "));
    // A key that is not one.
    let wrong = AnswerKey::parse("sub.csv", "f_event,score\n1,0.5\n").expect_err("not a key");
    assert!(wrong.to_string().contains("not a challenge's answer key"));
}

#[test]
fn the_board_keeps_every_good_file_when_a_bad_one_comes_and_rechecks_on_a_new_key() {
    let mut board = Board::default();
    assert!(
        board
            .standings()
            .key_line
            .starts_with("Give the answer key first")
    );
    board.add([(
        "a.csv".to_owned(),
        file("Alice", [0.9, 0.2, 0.35, 0.4, 0.1, 0.8, 0.3, 0.6]),
    )]);
    assert!(board.set_key("bad.csv", "f_event,score\n1,2\n").is_err());
    board.set_key("the shipped challenge", KEY).expect("key");
    board.add([
        (
            "b.csv".to_owned(),
            file("Bob", [0.5, 0.6, 0.4, 0.3, 0.7, 0.45, 0.2, 0.55]),
        ),
        ("junk.csv".to_owned(), "hello\n".to_owned()),
    ]);
    let s = board.standings();
    assert_eq!(
        s.key_line,
        "Answer key: the shipped challenge — 8 events, 4 of them signal."
    );
    let names: Vec<(&str, &str)> = s
        .entries
        .iter()
        .map(|(e, f)| (e.name.as_str(), f.as_str()))
        .collect();
    assert_eq!(names, [("Alice", "a.csv"), ("Bob", "b.csv")]);
    assert_eq!(s.problems.len(), 1);
    assert!(s.problems[0].starts_with("junk.csv"), "{:?}", s.problems);
    // Bob sends a better model under the same file name: it replaces his first.
    board.add([(
        "b.csv".to_owned(),
        file("Bob", [1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0]),
    )]);
    let s = board.standings();
    assert_eq!(s.entries[0].0.name, "Bob");
    assert_eq!(board.file_count(), 3);
    board.remove("junk.csv");
    assert!(board.standings().problems.is_empty());
    // Another key with other events: every submission is checked again, and refused.
    board
        .set_key("another.csv", "f_event,isSignal,f_weight\n1,1,1\n2,0,1\n")
        .expect("key");
    let s = board.standings();
    assert!(s.entries.is_empty() && s.problems.len() == 2, "{s:?}");
}

#[test]
fn a_model_scores_the_challenge_into_a_submission_the_board_accepts() {
    let challenge = "f_event,f_massjj,f_mass4l\n101,900,125\n102,80,200\n103,700,124\n104,60,91\n105,100,300\n106,1200,126\n107,90,180\n108,500,125\n";
    let inputs = vec!["f_massjj".to_owned()];
    // "A model" scoring by the dijet mass, in TeV.
    let by_mass = |f: &crate::ml::Features| Ok(f.columns[0].iter().map(|m| m / 1000.0).collect());
    let text = submission_for(challenge, &inputs, " Dana ", by_mass).expect("submission");
    assert!(
        text.starts_with(
            "# Five Sigma challenge submission\n# name: Dana\nf_event,score\n101,0.9\n"
        )
    );
    let s = Submission::check("dana.csv", &text, &key()).expect("accepted");
    assert_eq!(s.name, "Dana");
    // Signal (101, 103, 106, 108) all above the background: a perfect ranking.
    assert!((rank(&key(), &[s]).expect("board")[0].auc - 1.0).abs() < 1e-12);
    let more = vec!["f_massjj".to_owned(), "f_lept1_pt".to_owned()];
    let e = submission_for(challenge, &more, "Dana", by_mass).expect_err("an input missing");
    assert_eq!(
        e.to_string(),
        "The challenge gives f_massjj, f_mass4l only; this model also uses f_lept1_pt. Train one on those inputs to take part."
    );
    assert!(submission_for(challenge, &inputs, "  ", by_mass).is_err());
}

#[test]
fn a_fresh_challenge_takes_a_whole_seed_and_a_size_in_range() {
    let fresh = FreshChallenge::parse(" 2026 ", "5143").expect("fresh");
    assert_eq!(
        fresh,
        FreshChallenge {
            seed: 2026,
            events: CHALLENGE_EVENTS
        }
    );
    assert_eq!(fresh.source(), "your fresh challenge (seed 2026)");
    // The students' file says nothing of the seed; the teacher's key keeps it.
    assert_eq!(fresh.sample_file(), "cms-challenge-5143-events.csv");
    assert_eq!(fresh.key_file(), "cms-challenge-key-seed-2026.csv");
    let refused = |seed: &str, events: &str| {
        FreshChallenge::parse(seed, events)
            .expect_err("refused")
            .to_string()
    };
    assert_eq!(
        refused("", "5143"),
        "Give a seed: any whole number (keep it to yourself)."
    );
    assert_eq!(
        refused("-3", "5143"),
        "The seed “-3” is not a whole number from 0 to 18446744073709551615."
    );
    assert_eq!(
        refused("7", "499"),
        "A challenge has 500 to 50000 events, not “499”."
    );
    assert_eq!(
        refused("7", "many"),
        "A challenge has 500 to 50000 events, not “many”."
    );
    assert!(FreshChallenge::parse("7", "500").is_ok());
    assert!(FreshChallenge::parse("7", "50000").is_ok());
}

#[test]
fn drawn_seeds_are_whole_numbers_of_up_to_twelve_digits() {
    assert_eq!(FreshChallenge::drawn_seed(0.0), 1);
    assert_eq!(FreshChallenge::drawn_seed(0.5), 500_000_000_001);
    assert!(FreshChallenge::drawn_seed(0.999_999_999_999_9) <= 1_000_000_000_000);
    // A fresh challenge travels to the worker as JSON and comes back the same.
    let fresh = FreshChallenge {
        seed: u64::MAX,
        events: 700,
    };
    let json = serde_json::to_string(&fresh).expect("json");
    assert_eq!(
        serde_json::from_str::<FreshChallenge>(&json).expect("back"),
        fresh
    );
}
