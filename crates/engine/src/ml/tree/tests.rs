//! Reference trees from scikit-learn 1.5.2, produced once with:
//!
//! ```python
//! X = np.array([[1,7],[2,3],[3,8],[4,1],[5,9.5],[6,2],[7,6],[8,4.5],[9,5],[10,0.5],[11,7.5],[12,3.5]])
//! y = np.array([0,0,1,0,1,0,1,0,1,0,1,1])
//! w = np.array([1,2,1,0.5,1.5,1,2,1,0.5,1,1,3])
//! t = DecisionTreeClassifier(criterion=..., max_depth=3, random_state=0).fit(X, y, sample_weight=w).tree_
//! t.feature, t.threshold, t.impurity, t.n_node_samples, t.weighted_n_node_samples, t.value[:, 0, 1]
//! ```
//!
//! With few distinct values our bins are exact (one per value, boundaries at midpoints), so the
//! trees must agree node for node.

use super::*;

fn data() -> (Features, Vec<u8>, Vec<f64>) {
    let x0: Vec<f64> = (1..=12).map(f64::from).collect();
    let x1 = vec![7.0, 3.0, 8.0, 1.0, 9.5, 2.0, 6.0, 4.5, 5.0, 0.5, 7.5, 3.5];
    let f = Features::new(vec!["x0".into(), "x1".into()], vec![x0, x1]).expect("features");
    let y = vec![0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1];
    let w = vec![1.0, 2.0, 1.0, 0.5, 1.5, 1.0, 2.0, 1.0, 0.5, 1.0, 1.0, 3.0];
    (f, y, w)
}

fn fit(criterion: Criterion) -> Tree {
    let (f, y, w) = data();
    let params = TreeParams {
        criterion,
        max_depth: Some(3),
        ..TreeParams::default()
    };
    Tree::fit(
        &Binned::new(&f, MAX_BINS),
        &y,
        &w,
        &params,
        &mut Rng::new(0, 0),
    )
    .expect("tree")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_weighted_tree_matches_scikit_learn_node_for_node() {
    for (criterion, impurity) in [
        (
            Criterion::Gini,
            [
                0.48699271592091575,
                0.0,
                0.2975206611570248,
                0.0,
                0.18000000000000005,
                0.375,
                0.0,
            ],
        ),
        (
            Criterion::Entropy,
            [
                0.9811522341999133,
                0.0,
                0.6840384356390417,
                0.0,
                0.4689955935892812,
                0.8112781244591328,
                0.0,
            ],
        ),
    ] {
        let tree = fit(criterion);
        assert_eq!(tree.nodes.len(), 7, "{criterion:?}");
        let splits: Vec<Option<(usize, f64)>> = tree
            .nodes
            .iter()
            .map(|n| n.split.map(|(f, t, _, _)| (f, t)))
            .collect();
        assert_eq!(
            splits,
            vec![
                Some((1, 3.25)),
                None,
                Some((0, 2.0)),
                None,
                Some((1, 4.75)),
                None,
                None
            ]
        );
        let children: Vec<Option<usize>> =
            tree.nodes.iter().map(|n| n.split.map(|s| s.2)).collect();
        assert_eq!(
            children,
            vec![Some(1), None, Some(3), None, Some(5), None, None]
        );
        for (node, want) in tree.nodes.iter().zip(impurity) {
            assert!(
                close(node.impurity, want),
                "{criterion:?} {} vs {want}",
                node.impurity
            );
        }
        let n: Vec<usize> = tree.nodes.iter().map(|n| n.n_samples).collect();
        assert_eq!(n, vec![12, 4, 8, 1, 7, 2, 5]);
        let weighted: Vec<f64> = tree
            .nodes
            .iter()
            .map(|n| n.weight[0] + n.weight[1])
            .collect();
        assert_eq!(weighted, vec![15.5, 4.5, 11.0, 1.0, 10.0, 4.0, 6.0]);
        let p: Vec<f64> = tree.nodes.iter().map(Node::signal_fraction).collect();
        for (a, b) in p.iter().zip([
            0.5806451612903226,
            0.0,
            0.8181818181818182,
            0.0,
            0.9,
            0.75,
            1.0,
        ]) {
            assert!(close(*a, b), "{p:?}");
        }
    }
}

#[test]
fn probabilities_and_importances_match_scikit_learn() {
    let tree = fit(Criterion::Gini);
    let points = Features::new(
        vec!["x0".into(), "x1".into()],
        vec![vec![2.5, 10.5, 6.5, 1.0], vec![8.0, 5.0, 6.5, 4.0]],
    )
    .expect("points");
    // predict_proba(...)[:, 1] = [1, 1, 1]; (1, 4) lands in the 0.75 leaf (x1 ≤ 4.75 after x0 > 2).
    assert_eq!(tree.predict_proba(&points), vec![1.0, 1.0, 1.0, 0.0]);
    let decrease = tree.impurity_decrease();
    let total: f64 = decrease.iter().sum();
    // feature_importances_ = [0.24349090909090906, 0.756509090909091].
    assert!(close(decrease[0] / total, 0.24349090909090906));
    assert!(close(decrease[1] / total, 0.756509090909091));
    assert_eq!((tree.depth(), tree.n_leaves()), (3, 4));
}

#[test]
fn leaf_and_split_limits_are_respected() {
    let (f, y, w) = data();
    let binned = Binned::new(&f, MAX_BINS);
    let params = TreeParams {
        min_samples_leaf: 3,
        ..TreeParams::default()
    };
    let tree = Tree::fit(&binned, &y, &w, &params, &mut Rng::new(0, 0)).expect("tree");
    assert!(tree.nodes.iter().all(|n| n.n_samples >= 3));
    let stump = TreeParams {
        max_depth: Some(1),
        ..TreeParams::default()
    };
    assert_eq!(
        Tree::fit(&binned, &y, &w, &stump, &mut Rng::new(0, 0))
            .expect("stump")
            .nodes
            .len(),
        3
    );
    // Zero-weight events take no part: with every signal weight 0 the root is pure.
    let no_signal: Vec<f64> = y
        .iter()
        .zip(&w)
        .map(|(&c, &x)| if c == 1 { 0.0 } else { x })
        .collect();
    let pure = Tree::fit(
        &binned,
        &y,
        &no_signal,
        &TreeParams::default(),
        &mut Rng::new(0, 0),
    )
    .expect("pure");
    assert_eq!(pure.nodes.len(), 1);
    assert!(
        Tree::fit(
            &binned,
            &y[..3],
            &w,
            &TreeParams::default(),
            &mut Rng::new(0, 0)
        )
        .is_err()
    );
}

#[test]
fn many_values_are_binned_at_quantiles_and_nan_goes_right() {
    let column: Vec<f64> = (0..10_000).map(|i| f64::from(i) * 0.5).collect();
    let b = boundaries_of(&column, 255);
    assert!(b.len() <= 254 && b.len() > 240, "{}", b.len());
    assert!(b.windows(2).all(|w| w[0] < w[1]));
    // Roughly equal counts per bin: 10000 / 255 ≈ 39.
    let codes: Vec<u8> = column.iter().map(|&x| code_of(x, &b)).collect();
    let first = codes.iter().filter(|&&c| c == 0).count();
    assert!((30..=50).contains(&first), "{first}");
    assert_eq!(code_of(f64::NAN, &b) as usize, b.len());
    // The same rule as prediction: x ≤ boundary goes left.
    assert_eq!(code_of(b[3], &b), 3);
}

#[test]
fn max_features_follows_scikit_learn() {
    assert_eq!(MaxFeatures::Sqrt.resolve(8), 2);
    assert_eq!(MaxFeatures::Sqrt.resolve(30), 5);
    assert_eq!(MaxFeatures::Log2.resolve(8), 3);
    assert_eq!(MaxFeatures::Fraction(0.5).resolve(5), 2);
    assert_eq!(MaxFeatures::Count(4).resolve(3), 3);
    assert_eq!(MaxFeatures::All.resolve(7), 7);
}

#[test]
fn trees_packed_as_numbers_come_back_bit_for_bit_and_damage_is_refused() {
    let (f, y, w) = data();
    let binned = Binned::new(&f, MAX_BINS);
    let grow = |depth| {
        let params = TreeParams {
            max_depth: Some(depth),
            ..TreeParams::default()
        };
        Tree::fit(&binned, &y, &w, &params, &mut Rng::new(0, 0)).expect("tree")
    };
    let trees = vec![grow(3), grow(1), grow(2)];
    let packed = Tree::pack(&trees);
    // 1 count + per tree 2 + 10 per node.
    let nodes: usize = trees.iter().map(|t| t.nodes.len()).sum();
    assert_eq!(packed.len(), 1 + 2 * 3 + 10 * nodes);
    assert_eq!(Tree::unpack(&packed).expect("trees"), trees);
    assert_eq!(Tree::unpack(&Tree::pack(&[])).expect("none"), []);
    assert!(
        Tree::unpack(&packed[..packed.len() - 1]).is_err(),
        "cut short"
    );
    assert!(
        Tree::unpack(&[packed.as_slice(), &[0.0]].concat()).is_err(),
        "too long"
    );
    let mut bad_child = packed.clone();
    // The first tree's root: its left child index (value 4 of the node) points outside the tree.
    bad_child[3 + 3] = 1e6;
    assert!(Tree::unpack(&bad_child).is_err());
    assert!(Tree::unpack(&[f64::NAN]).is_err());
}
