//! A cut written as pandas code: the boolean Series a physicist would write for it, keeping the
//! cut language's meaning where pandas' own operators differ (a missing value fails `!=`; `min`
//! and `max` skip a missing value, as numpy's `fmin`/`fmax` do).
//!
//! `lead_lep_pt > 100 and not (abs(mll - 91.2) < 10)` over `df` becomes
//! `(df["lead_lep_pt"] > 100) & ~(np.abs(df["mll"] - 91.2) < 10)`.
//!
//! Pure: depends on the cut's syntax tree and the table's column names only.

use super::lexer::CmpOp;
use super::parser::{ArithOp, Kind, Literal, Node};
use crate::data::Table;

/// How tightly an arithmetic expression binds, to parenthesise only where Python needs it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Binding {
    Sum,
    Product,
    Unary,
    Atom,
}

/// Writes conditions and numbers of one cut over the DataFrame `frame`, resolving `sum(x_*)`
/// and text columns with `table` (a sample the cut was checked against).
pub(super) struct Writer<'a> {
    pub frame: &'a str,
    pub table: &'a Table,
}

impl Writer<'_> {
    /// A condition: a boolean Series, parenthesised so that `&`, `|` and `~` combine it safely.
    pub fn condition(&self, node: &Node) -> String {
        match &node.kind {
            Kind::Not(inner) => format!("~{}", self.condition_atom(inner)),
            Kind::And(a, b) => format!("{} & {}", self.and_operand(a), self.and_operand(b)),
            Kind::Or(a, b) => format!("{} | {}", self.condition(a), self.condition(b)),
            Kind::Cmp(op, a, b) => self.comparison(*op, a, b),
            Kind::In(value, set) => {
                let items: Vec<String> = set
                    .iter()
                    .map(|(literal, _)| match literal {
                        Literal::Num(v) => number_literal(*v),
                        Literal::Str(s) => python_string(s),
                    })
                    .collect();
                format!("{}.isin([{}])", self.operand(value), items.join(", "))
            }
            // Not a condition: `check` refuses such a cut before anything is written.
            _ => self.number(node).0,
        }
    }

    /// `~x` needs `x` to be one piece: a comparison already is, anything else is parenthesised.
    fn condition_atom(&self, node: &Node) -> String {
        let text = self.condition(node);
        match node.kind {
            Kind::Cmp(..) | Kind::In(..) | Kind::Not(_) => text,
            _ => format!("({text})"),
        }
    }

    /// `&` binds tighter than `|`, so an `or` under an `and` keeps its parentheses.
    fn and_operand(&self, node: &Node) -> String {
        let text = self.condition(node);
        match node.kind {
            Kind::Or(..) => format!("({text})"),
            _ => text,
        }
    }

    /// A number to call a method on: parenthesised unless it is one piece.
    fn operand(&self, node: &Node) -> String {
        match self.number(node) {
            (text, Binding::Atom) => text,
            (text, _) => format!("({text})"),
        }
    }

    fn comparison(&self, op: CmpOp, a: &Node, b: &Node) -> String {
        let (left, right) = (self.number(a).0, self.number(b).0);
        let symbol = match op {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        };
        let compared = format!("({left} {symbol} {right})");
        if op != CmpOp::Ne {
            return compared;
        }
        // pandas says a missing value differs from everything; the cut language says a
        // comparison with a missing value fails, whichever it is.
        let mut text = compared;
        for node in [a, b] {
            if !matches!(node.kind, Kind::Num(_) | Kind::Str(_)) {
                text.push_str(&format!(" & {}.notna()", self.operand(node)));
            }
        }
        format!("({text})")
    }

    /// A number (or a text column / literal inside a comparison) and how tightly it binds.
    fn number(&self, node: &Node) -> (String, Binding) {
        match &node.kind {
            Kind::Num(v) => (number_literal(*v), Binding::Atom),
            Kind::Str(s) => (python_string(s), Binding::Atom),
            Kind::Column(name) => (self.column(name), Binding::Atom),
            Kind::Glob(stem) => self.sum(&self.expand(stem)),
            Kind::Neg(inner) => {
                let (text, binding) = self.number(inner);
                let text = if binding < Binding::Unary {
                    format!("-({text})")
                } else {
                    format!("-{text}")
                };
                (text, Binding::Unary)
            }
            Kind::Arith(op, a, b) => self.arithmetic(*op, a, b),
            Kind::Call(name, args) => self.call(name, args),
            // Conditions inside arithmetic: `check` refuses them first.
            _ => (format!("({})", self.condition(node)), Binding::Atom),
        }
    }

    fn arithmetic(&self, op: ArithOp, a: &Node, b: &Node) -> (String, Binding) {
        let (symbol, binding) = match op {
            ArithOp::Add => ("+", Binding::Sum),
            ArithOp::Sub => ("-", Binding::Sum),
            ArithOp::Mul => ("*", Binding::Product),
            ArithOp::Div => ("/", Binding::Product),
        };
        let (left, left_binding) = self.number(a);
        let (right, right_binding) = self.number(b);
        let left = if left_binding < binding {
            format!("({left})")
        } else {
            left
        };
        // a - (b + c), a / (b * c): the right operand of the same level keeps its parentheses.
        let right = if right_binding <= binding && right_binding != Binding::Atom {
            format!("({right})")
        } else {
            right
        };
        (format!("{left} {symbol} {right}"), binding)
    }

    fn call(&self, name: &str, args: &[Node]) -> (String, Binding) {
        let mut values: Vec<String> = Vec::new();
        for arg in args {
            match &arg.kind {
                Kind::Glob(stem) => values.extend(self.expand(stem)),
                _ => values.push(self.number(arg).0),
            }
        }
        let unary = |f: &str| {
            let value = values.first().cloned().unwrap_or_default();
            (format!("np.{f}({value})"), Binding::Atom)
        };
        match name {
            "abs" => unary("abs"),
            "sqrt" => unary("sqrt"),
            "log" | "ln" => unary("log"),
            "exp" => unary("exp"),
            "sum" => self.sum(&values),
            // fmin/fmax skip a missing value, as the cut language's min and max do.
            "min" => fold("np.fmin", values),
            _ => fold("np.fmax", values),
        }
    }

    fn sum(&self, values: &[String]) -> (String, Binding) {
        match values {
            [one] => (one.clone(), Binding::Atom),
            // Written out, not `.sum(axis=1)`: pandas' sum skips a missing value, ours does not.
            _ => (values.join(" + "), Binding::Sum),
        }
    }

    /// The columns `stem<number>`, in number order (as the cut language expands `stem*`).
    fn expand(&self, stem: &str) -> Vec<String> {
        let mut matches: Vec<(u32, &str)> = self
            .table
            .columns()
            .iter()
            .filter_map(|c| {
                let rest = c.name.strip_prefix(stem)?;
                let digits = !rest.is_empty() && rest.chars().all(|ch| ch.is_ascii_digit());
                Some((
                    rest.parse::<u32>().ok().filter(|_| digits)?,
                    c.name.as_str(),
                ))
            })
            .collect();
        matches.sort_unstable();
        matches.into_iter().map(|(_, n)| self.column(n)).collect()
    }

    fn column(&self, name: &str) -> String {
        format!("{}[{}]", self.frame, python_string(name))
    }
}

/// `np.fmin(np.fmin(a, b), c)` for `fmin(a, b, c)`; one value stays itself.
fn fold(function: &str, values: Vec<String>) -> (String, Binding) {
    let mut values = values.into_iter();
    let first = values.next().unwrap_or_default();
    let text = values.fold(first, |acc, v| format!("{function}({acc}, {v})"));
    (text, Binding::Atom)
}

/// A number as Python writes it: `100`, `2.5`, `1e-07`.
pub fn number_literal(value: f64) -> String {
    if value.is_nan() {
        "np.nan".into()
    } else if value.is_infinite() {
        if value > 0.0 { "np.inf" } else { "-np.inf" }.into()
    } else if value == value.trunc() && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:?}")
    }
}

/// A Python string literal in double quotes (UTF-8 source keeps every other character as is).
pub fn python_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
