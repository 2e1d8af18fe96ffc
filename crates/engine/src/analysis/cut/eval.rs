//! Turns a parsed cut into a typed program over one table's columns, then evaluates it per row.
//! Type and name errors are found here, before any row is read, and point at the character.

use super::lexer::CmpOp;
use super::parser::{ArithOp, Kind, Literal, Node};
use crate::data::{ColumnData, MISSING_CODE, Table};
use crate::{Error, Result};

fn meaning(pos: usize, message: impl Into<String>) -> Error {
    Error::CutMeaning {
        position: pos,
        message: message.into(),
    }
}

/// A numeric expression.
pub(super) enum Num<'t> {
    Const(f64),
    Column(&'t [f64]),
    Neg(Box<Num<'t>>),
    Arith(ArithOp, Box<Num<'t>>, Box<Num<'t>>),
    Func(Func, Vec<Num<'t>>),
}

#[derive(Clone, Copy)]
pub(super) enum Func {
    Abs,
    Sqrt,
    Log,
    Exp,
    Min,
    Max,
    Sum,
}

/// A condition (true/false per row).
pub(super) enum Cond<'t> {
    Cmp(CmpOp, Num<'t>, Num<'t>),
    In(Num<'t>, Vec<f64>),
    /// Text column compared with a set of its codes; `keep_if_member` false means "not in".
    Codes {
        codes: &'t [u32],
        members: Vec<u32>,
        keep_if_member: bool,
    },
    Not(Box<Cond<'t>>),
    And(Box<Cond<'t>>, Box<Cond<'t>>),
    Or(Box<Cond<'t>>, Box<Cond<'t>>),
}

impl Num<'_> {
    pub(super) fn at(&self, row: usize) -> f64 {
        match self {
            Num::Const(v) => *v,
            Num::Column(values) => values[row],
            Num::Neg(inner) => -inner.at(row),
            Num::Arith(op, a, b) => {
                let (a, b) = (a.at(row), b.at(row));
                match op {
                    ArithOp::Add => a + b,
                    ArithOp::Sub => a - b,
                    ArithOp::Mul => a * b,
                    ArithOp::Div => a / b,
                }
            }
            Num::Func(f, args) => match f {
                Func::Abs => args[0].at(row).abs(),
                Func::Sqrt => args[0].at(row).sqrt(),
                Func::Log => args[0].at(row).ln(),
                Func::Exp => args[0].at(row).exp(),
                // A missing value is skipped; with every value missing the result is missing
                // (NaN), so the comparison fails — not ±∞, which would pass one side.
                Func::Min => args.iter().map(|a| a.at(row)).fold(f64::NAN, f64::min),
                Func::Max => args.iter().map(|a| a.at(row)).fold(f64::NAN, f64::max),
                Func::Sum => args.iter().map(|a| a.at(row)).sum(),
            },
        }
    }
}

impl Cond<'_> {
    /// Whether `row` passes. Comparisons with a missing value (NaN) are false, as in pandas.
    pub(super) fn at(&self, row: usize) -> bool {
        match self {
            Cond::Cmp(op, a, b) => {
                let (a, b) = (a.at(row), b.at(row));
                match op {
                    CmpOp::Eq => a == b,
                    CmpOp::Ne => a != b && !a.is_nan() && !b.is_nan(),
                    CmpOp::Lt => a < b,
                    CmpOp::Le => a <= b,
                    CmpOp::Gt => a > b,
                    CmpOp::Ge => a >= b,
                }
            }
            Cond::In(value, set) => {
                let v = value.at(row);
                set.contains(&v)
            }
            Cond::Codes {
                codes,
                members,
                keep_if_member,
            } => {
                let code = codes[row];
                code != MISSING_CODE && members.contains(&code) == *keep_if_member
            }
            Cond::Not(inner) => !inner.at(row),
            Cond::And(a, b) => a.at(row) && b.at(row),
            Cond::Or(a, b) => a.at(row) || b.at(row),
        }
    }
}

/// Compiles `node` as a condition over `table`.
pub(super) fn condition<'t>(node: &Node, table: &'t Table) -> Result<Cond<'t>> {
    match &node.kind {
        Kind::Not(inner) => Ok(Cond::Not(Box::new(condition(inner, table)?))),
        Kind::And(a, b) => Ok(Cond::And(
            Box::new(condition(a, table)?),
            Box::new(condition(b, table)?),
        )),
        Kind::Or(a, b) => Ok(Cond::Or(
            Box::new(condition(a, table)?),
            Box::new(condition(b, table)?),
        )),
        Kind::Cmp(op, a, b) => {
            if let Some(cond) = text_comparison(*op, a, b, table)? {
                return Ok(cond);
            }
            Ok(Cond::Cmp(*op, number(a, table)?, number(b, table)?))
        }
        Kind::In(value, set) => {
            if let Some((codes, levels)) = text_column(value, table) {
                let mut members = Vec::new();
                for (literal, pos) in set {
                    match literal {
                        Literal::Str(s) => members.extend(code_of(levels, s)),
                        Literal::Num(_) => {
                            return Err(meaning(
                                *pos,
                                "this column holds text: list \"quoted\" values",
                            ));
                        }
                    }
                }
                return Ok(Cond::Codes {
                    codes,
                    members,
                    keep_if_member: true,
                });
            }
            let mut numbers = Vec::new();
            for (literal, pos) in set {
                match literal {
                    Literal::Num(v) => numbers.push(*v),
                    Literal::Str(_) => {
                        return Err(meaning(
                            *pos,
                            "this list is compared with numbers: remove the quotes",
                        ));
                    }
                }
            }
            Ok(Cond::In(number(value, table)?, numbers))
        }
        _ => Err(meaning(
            node.pos,
            "this is a number, but a cut needs a condition, such as lead_lep_pt > 100",
        )),
    }
}

/// Compiles `node` as a number over `table`.
fn number<'t>(node: &Node, table: &'t Table) -> Result<Num<'t>> {
    match &node.kind {
        Kind::Num(v) => Ok(Num::Const(*v)),
        Kind::Column(name) => column(name, node.pos, table),
        Kind::Neg(inner) => Ok(Num::Neg(Box::new(number(inner, table)?))),
        Kind::Arith(op, a, b) => Ok(Num::Arith(
            *op,
            Box::new(number(a, table)?),
            Box::new(number(b, table)?),
        )),
        Kind::Call(name, args) => call(name, args, node.pos, table),
        Kind::Str(_) => Err(meaning(
            node.pos,
            "text can only be compared with a text column, as in Label == \"s\"",
        )),
        Kind::Glob(stem) => Err(meaning(
            node.pos,
            format!("{stem}* can only be used inside sum(…)"),
        )),
        Kind::Cmp(..) | Kind::In(..) | Kind::Not(_) | Kind::And(..) | Kind::Or(..) => Err(meaning(
            node.pos,
            "this is a condition (true or false), but a number is needed here",
        )),
    }
}

fn column<'t>(name: &str, pos: usize, table: &'t Table) -> Result<Num<'t>> {
    let column = table.column(name).map_err(|_| {
        let hint = close_name(name, table)
            .map(|n| format!(" Did you mean {n}?"))
            .unwrap_or_default();
        meaning(pos, format!("there is no column named {name}.{hint}"))
    })?;
    match &column.data {
        ColumnData::Numeric(values) => Ok(Num::Column(values)),
        ColumnData::Categorical { .. } => Err(meaning(
            pos,
            format!("{name} holds text: compare it with == \"value\" or in {{\"a\", \"b\"}}"),
        )),
    }
}

fn call<'t>(name: &str, args: &[Node], pos: usize, table: &'t Table) -> Result<Num<'t>> {
    let (func, arity) = match name {
        "abs" => (Func::Abs, Some(1)),
        "sqrt" => (Func::Sqrt, Some(1)),
        "log" | "ln" => (Func::Log, Some(1)),
        "exp" => (Func::Exp, Some(1)),
        "min" => (Func::Min, None),
        "max" => (Func::Max, None),
        "sum" => (Func::Sum, None),
        _ => {
            return Err(meaning(
                pos,
                format!("there is no function {name}: use abs, sqrt, log, exp, min, max or sum"),
            ));
        }
    };
    if let Some(n) = arity
        && args.len() != n
    {
        return Err(meaning(
            pos,
            format!("{name} takes {n} value, not {}", args.len()),
        ));
    }
    let mut compiled = Vec::new();
    for arg in args {
        if let Kind::Glob(stem) = &arg.kind {
            let mut matches: Vec<(u32, &str)> = table
                .columns()
                .iter()
                .filter_map(|c| {
                    let rest = c.name.strip_prefix(stem.as_str())?;
                    let index = rest
                        .parse::<u32>()
                        .ok()
                        .filter(|_| rest.chars().all(|ch| ch.is_ascii_digit()))?;
                    Some((index, c.name.as_str()))
                })
                .collect();
            if matches.is_empty() {
                return Err(meaning(
                    arg.pos,
                    format!("no column is named {stem} followed by a number"),
                ));
            }
            matches.sort_unstable();
            for (_, column_name) in matches {
                compiled.push(column(column_name, arg.pos, table)?);
            }
        } else {
            compiled.push(number(arg, table)?);
        }
    }
    if compiled.is_empty() {
        return Err(meaning(pos, format!("{name} needs at least one value")));
    }
    Ok(Num::Func(func, compiled))
}

/// `Label == "s"` and friends; `None` when neither side is a text column.
fn text_comparison<'t>(
    op: CmpOp,
    a: &Node,
    b: &Node,
    table: &'t Table,
) -> Result<Option<Cond<'t>>> {
    let (column_side, other) = match (text_column(a, table), text_column(b, table)) {
        (Some(col), _) => (col, b),
        (None, Some(col)) => (col, a),
        (None, None) => return Ok(None),
    };
    let Kind::Str(value) = &other.kind else {
        return Err(meaning(
            other.pos,
            "a text column can only be compared with \"quoted text\"",
        ));
    };
    let keep_if_member = match op {
        CmpOp::Eq => true,
        CmpOp::Ne => false,
        _ => {
            return Err(meaning(
                other.pos,
                "text can only be compared with == or !=",
            ));
        }
    };
    let (codes, levels) = column_side;
    Ok(Some(Cond::Codes {
        codes,
        members: code_of(levels, value).into_iter().collect(),
        keep_if_member,
    }))
}

fn text_column<'t>(node: &Node, table: &'t Table) -> Option<(&'t [u32], &'t [String])> {
    let Kind::Column(name) = &node.kind else {
        return None;
    };
    match &table.column(name).ok()?.data {
        ColumnData::Categorical { codes, levels } => Some((codes, levels)),
        ColumnData::Numeric(_) => None,
    }
}

fn code_of(levels: &[String], value: &str) -> Option<u32> {
    // Level counts fit in u32 (see the CSV reader).
    levels.iter().position(|l| l == value).map(|i| i as u32)
}

/// A column name that differs from `name` only in case, for a "did you mean" hint.
fn close_name<'t>(name: &str, table: &'t Table) -> Option<&'t str> {
    table
        .columns()
        .iter()
        .map(|c| c.name.as_str())
        .find(|c| c.eq_ignore_ascii_case(name))
}
