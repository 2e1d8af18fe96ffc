//! Recursive-descent parser for the cut language. Precedence, loosest first:
//! `or` · `and` · `not` · comparisons and `in {…}` · `+ -` · `* /` · unary `-` · atoms.

use super::lexer::{CmpOp, Tok, Token, syntax};
use crate::Result;

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// A literal inside `in {…}`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Literal {
    Num(f64),
    Str(String),
}

/// A syntax-tree node and the character where it starts (for error messages).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub kind: Kind,
    pub pos: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    Num(f64),
    Str(String),
    Column(String),
    Glob(String),
    Neg(Box<Node>),
    Arith(ArithOp, Box<Node>, Box<Node>),
    Call(String, Vec<Node>),
    Cmp(CmpOp, Box<Node>, Box<Node>),
    In(Box<Node>, Vec<(Literal, usize)>),
    Not(Box<Node>),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
}

pub(super) fn parse(tokens: &[Token]) -> Result<Node> {
    let mut parser = Parser { tokens, at: 0 };
    if parser.peek() == &Tok::End {
        return Err(syntax(
            0,
            "the cut is empty: write a condition such as lead_lep_pt > 100",
        ));
    }
    let node = parser.or()?;
    match parser.peek() {
        Tok::End => Ok(node),
        Tok::RParen => Err(syntax(parser.pos(), "this ) has no matching (")),
        _ => Err(syntax(
            parser.pos(),
            "expected and, or, or the end of the cut here",
        )),
    }
}

struct Parser<'a> {
    tokens: &'a [Token],
    at: usize,
}

fn node(kind: Kind, pos: usize) -> Node {
    Node { kind, pos }
}

/// Splits `lep_pt_12` into ("lep_pt_", 12).
fn indexed(name: &str) -> Option<(&str, u32)> {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() == name.len() {
        return None;
    }
    name[stem.len()..].parse().ok().map(|i| (stem, i))
}

impl Parser<'_> {
    fn peek(&self) -> &Tok {
        &self.tokens[self.at].tok
    }

    fn pos(&self) -> usize {
        self.tokens[self.at].pos
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.at].clone();
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn expect(&mut self, tok: &Tok, what: &str) -> Result<()> {
        if self.peek() == tok {
            self.bump();
            Ok(())
        } else {
            Err(syntax(self.pos(), format!("expected {what} here")))
        }
    }

    fn or(&mut self) -> Result<Node> {
        let mut left = self.and()?;
        while self.peek() == &Tok::Or {
            let pos = self.bump().pos;
            let right = self.and()?;
            left = node(Kind::Or(Box::new(left), Box::new(right)), pos);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node> {
        let mut left = self.not()?;
        while self.peek() == &Tok::And {
            let pos = self.bump().pos;
            let right = self.not()?;
            left = node(Kind::And(Box::new(left), Box::new(right)), pos);
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Node> {
        if self.peek() == &Tok::Not {
            let pos = self.bump().pos;
            let inner = self.not()?;
            return Ok(node(Kind::Not(Box::new(inner)), pos));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Node> {
        let left = self.sum()?;
        match self.peek().clone() {
            Tok::Cmp(op) => {
                let pos = self.bump().pos;
                let right = self.sum()?;
                if let Tok::Cmp(_) = self.peek() {
                    return Err(syntax(
                        self.pos(),
                        "compare one thing at a time: write a < x and x < b",
                    ));
                }
                Ok(node(Kind::Cmp(op, Box::new(left), Box::new(right)), pos))
            }
            Tok::In => {
                let pos = self.bump().pos;
                self.expect(&Tok::LBrace, "{ to start the list of values")?;
                let mut set = Vec::new();
                loop {
                    let at = self.pos();
                    let negative = if self.peek() == &Tok::Minus {
                        self.bump();
                        true
                    } else {
                        false
                    };
                    match self.bump().tok {
                        Tok::Num(v) => set.push((Literal::Num(if negative { -v } else { v }), at)),
                        Tok::Str(s) if !negative => set.push((Literal::Str(s), at)),
                        _ => {
                            return Err(syntax(
                                at,
                                "expected a number or a \"text\" value in the list",
                            ));
                        }
                    }
                    let separator = self.bump();
                    match separator.tok {
                        Tok::Comma => continue,
                        Tok::RBrace => break,
                        _ => return Err(syntax(separator.pos, "expected , or } in the list")),
                    }
                }
                Ok(node(Kind::In(Box::new(left), set), pos))
            }
            _ => Ok(left),
        }
    }

    fn sum(&mut self) -> Result<Node> {
        let mut left = self.product()?;
        // The last column added, for expanding `a_0 + … + a_3`.
        let mut last_term = match &left.kind {
            Kind::Column(name) => Some(name.clone()),
            _ => None,
        };
        loop {
            let op = match self.peek() {
                Tok::Plus => ArithOp::Add,
                Tok::Minus => ArithOp::Sub,
                _ => return Ok(left),
            };
            let pos = self.bump().pos;
            if op == ArithOp::Add && self.peek() == &Tok::Ellipsis {
                let ellipsis = self.bump().pos;
                self.expect(&Tok::Plus, "+ after the …")?;
                let end_pos = self.pos();
                let end = self.product()?;
                let (Some(first), Kind::Column(last)) = (&last_term, &end.kind) else {
                    return Err(syntax(
                        ellipsis,
                        "… must stand between two indexed columns, as in lep_pt_0+…+lep_pt_3",
                    ));
                };
                let Some((stem, from)) = indexed(first) else {
                    return Err(syntax(
                        ellipsis,
                        "… needs columns that end in a number, as in lep_pt_0+…+lep_pt_3",
                    ));
                };
                let Some((end_stem, to)) = indexed(last) else {
                    return Err(syntax(
                        end_pos,
                        format!("expected a column {stem}N with N above {from} after …"),
                    ));
                };
                if stem != end_stem || to <= from {
                    return Err(syntax(
                        end_pos,
                        format!("expected a column {stem}N with N above {from} after …"),
                    ));
                }
                for index in from + 1..=to {
                    let term = node(Kind::Column(format!("{stem}{index}")), end_pos);
                    left = node(
                        Kind::Arith(ArithOp::Add, Box::new(left), Box::new(term)),
                        pos,
                    );
                }
                last_term = Some(last.clone());
                continue;
            }
            let right = self.product()?;
            last_term = match &right.kind {
                Kind::Column(name) if op == ArithOp::Add => Some(name.clone()),
                _ => None,
            };
            left = node(Kind::Arith(op, Box::new(left), Box::new(right)), pos);
        }
    }

    fn product(&mut self) -> Result<Node> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Star => ArithOp::Mul,
                Tok::Slash => ArithOp::Div,
                _ => return Ok(left),
            };
            let pos = self.bump().pos;
            let right = self.unary()?;
            left = node(Kind::Arith(op, Box::new(left), Box::new(right)), pos);
        }
    }

    fn unary(&mut self) -> Result<Node> {
        if self.peek() == &Tok::Minus {
            let pos = self.bump().pos;
            let inner = self.unary()?;
            return Ok(node(Kind::Neg(Box::new(inner)), pos));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Node> {
        let token = self.bump();
        let pos = token.pos;
        match token.tok {
            Tok::Num(v) => Ok(node(Kind::Num(v), pos)),
            Tok::Str(s) => Ok(node(Kind::Str(s), pos)),
            Tok::Glob(stem) => Ok(node(Kind::Glob(stem), pos)),
            Tok::Ident(name) if self.peek() == &Tok::LParen => {
                self.bump();
                let mut args = Vec::new();
                if self.peek() != &Tok::RParen {
                    loop {
                        args.push(self.or()?);
                        if self.peek() == &Tok::Comma {
                            self.bump();
                        } else {
                            break;
                        }
                    }
                }
                self.expect(&Tok::RParen, ") to close the function call")?;
                Ok(node(Kind::Call(name, args), pos))
            }
            Tok::Ident(name) | Tok::Quoted(name) => Ok(node(Kind::Column(name), pos)),
            Tok::LParen => {
                let inner = self.or()?;
                self.expect(&Tok::RParen, ") to close the bracket")?;
                Ok(inner)
            }
            Tok::End => Err(syntax(
                pos,
                "the cut ends too early: something is missing here",
            )),
            Tok::Ellipsis => Err(syntax(
                pos,
                "… must stand between two + signs, as in lep_pt_0+…+lep_pt_3",
            )),
            _ => Err(syntax(pos, "expected a column name, a number or ( here")),
        }
    }
}
