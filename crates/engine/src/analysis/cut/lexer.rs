//! Tokens of the cut language, each with the character position where it starts.

use crate::{Error, Result};

/// A token kind.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Num(f64),
    Ident(String),
    /// A column name in backticks (`` `p_T (GeV)` ``): any text, never a keyword or a function.
    Quoted(String),
    /// `stem*` inside `sum(…)`: every column `stem<digits>`.
    Glob(String),
    Str(String),
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Comma,
    Cmp(CmpOp),
    Not,
    And,
    Or,
    In,
    /// `…` or `...` between two `+`, as in `lep_charge_0+…+lep_charge_3`.
    Ellipsis,
    End,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==` (or `=`)
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A token and the 0-based character index where it starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub pos: usize,
}

pub(super) fn syntax(pos: usize, message: impl Into<String>) -> Error {
    Error::CutSyntax {
        position: pos,
        message: message.into(),
    }
}

pub(super) fn tokenize(text: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let next = chars.get(i + 1).copied();
        let single = |tok| Token { tok, pos: start };
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                i += 1;
                continue;
            }
            _ if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let (value, end) = number(&chars, i)?;
                tokens.push(Token {
                    tok: Tok::Num(value),
                    pos: start,
                });
                i = end;
                continue;
            }
            '.' if chars.get(i..i + 3) == Some(&['.', '.', '.']) => {
                tokens.push(single(Tok::Ellipsis));
                i += 3;
                continue;
            }
            '…' => tokens.push(single(Tok::Ellipsis)),
            'a'..='z' | 'A'..='Z' | '_' => {
                let mut end = i;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                let word: String = chars[i..end].iter().collect();
                let glob_follows = chars.get(end) == Some(&'*')
                    && chars[end + 1..]
                        .iter()
                        .find(|c| !c.is_whitespace())
                        .is_some_and(|c| matches!(c, ')' | ','));
                let tok = if glob_follows {
                    end += 1;
                    Tok::Glob(word)
                } else {
                    match word.as_str() {
                        "and" => Tok::And,
                        "or" => Tok::Or,
                        "not" => Tok::Not,
                        "in" => Tok::In,
                        _ => Tok::Ident(word),
                    }
                };
                tokens.push(Token { tok, pos: start });
                i = end;
                continue;
            }
            '`' => {
                let (name, end) = quoted(&chars, i)?;
                tokens.push(Token {
                    tok: Tok::Quoted(name),
                    pos: start,
                });
                i = end;
                continue;
            }
            '"' | '\'' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&d| d == c)
                    .ok_or_else(|| syntax(start, format!("this text has no closing {c}")))?;
                let value: String = chars[i + 1..i + 1 + close].iter().collect();
                tokens.push(Token {
                    tok: Tok::Str(value),
                    pos: start,
                });
                i += close + 2;
                continue;
            }
            '+' => tokens.push(single(Tok::Plus)),
            '-' | '−' => tokens.push(single(Tok::Minus)),
            '*' | '×' => tokens.push(single(Tok::Star)),
            '/' => tokens.push(single(Tok::Slash)),
            '(' => tokens.push(single(Tok::LParen)),
            ')' => tokens.push(single(Tok::RParen)),
            '{' => tokens.push(single(Tok::LBrace)),
            '}' => tokens.push(single(Tok::RBrace)),
            ',' => tokens.push(single(Tok::Comma)),
            '=' | '!' | '<' | '>' | '&' | '|' => {
                let two = next.map(|n| [c, n]);
                let (tok, width) = match two {
                    Some(['=', '=']) => (Tok::Cmp(CmpOp::Eq), 2),
                    Some(['!', '=']) => (Tok::Cmp(CmpOp::Ne), 2),
                    Some(['<', '=']) => (Tok::Cmp(CmpOp::Le), 2),
                    Some(['>', '=']) => (Tok::Cmp(CmpOp::Ge), 2),
                    Some(['&', '&']) => (Tok::And, 2),
                    Some(['|', '|']) => (Tok::Or, 2),
                    _ => match c {
                        '=' => (Tok::Cmp(CmpOp::Eq), 1),
                        '!' => (Tok::Not, 1),
                        '<' => (Tok::Cmp(CmpOp::Lt), 1),
                        '>' => (Tok::Cmp(CmpOp::Gt), 1),
                        _ => {
                            return Err(syntax(
                                start,
                                format!(
                                    "write {c}{c} (or {}) here",
                                    if c == '&' { "and" } else { "or" }
                                ),
                            ));
                        }
                    },
                };
                tokens.push(Token { tok, pos: start });
                i += width;
                continue;
            }
            '≤' => tokens.push(single(Tok::Cmp(CmpOp::Le))),
            '≥' => tokens.push(single(Tok::Cmp(CmpOp::Ge))),
            '≠' => tokens.push(single(Tok::Cmp(CmpOp::Ne))),
            other => {
                return Err(syntax(
                    start,
                    format!("the character '{other}' is not part of the cut language"),
                ));
            }
        }
        i += 1;
    }
    tokens.push(Token {
        tok: Tok::End,
        pos: chars.len(),
    });
    Ok(tokens)
}

/// Reads a backtick-quoted column name starting at `start` (two backticks inside stand for one),
/// returning it and the index after the closing backtick.
fn quoted(chars: &[char], start: usize) -> Result<(String, usize)> {
    let mut name = String::new();
    let mut i = start + 1;
    loop {
        match (chars.get(i), chars.get(i + 1)) {
            (Some('`'), Some('`')) => {
                name.push('`');
                i += 2;
            }
            (Some('`'), _) if name.is_empty() => {
                return Err(syntax(start, "a quoted column name cannot be empty"));
            }
            (Some('`'), _) => return Ok((name, i + 1)),
            (Some(&c), _) => {
                name.push(c);
                i += 1;
            }
            (None, _) => {
                return Err(syntax(start, "this column name has no closing `"));
            }
        }
    }
}

/// `name` as the cut language reads it: as it is when it is a plain name (letters, digits and
/// `_`, not starting with a digit, not a keyword), else in backticks with any backtick doubled.
pub fn quote_column(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !matches!(name, "and" | "or" | "not" | "in");
    if plain {
        name.to_owned()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// Reads a number such as `30`, `2.5`, `.5`, `1e-3`, returning it and the index after it.
fn number(chars: &[char], start: usize) -> Result<(f64, usize)> {
    let mut end = start;
    while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == '.') {
        // Stop before an ellipsis written as "..." right after a number.
        if chars[end] == '.' && chars.get(end + 1) == Some(&'.') {
            break;
        }
        end += 1;
    }
    if end < chars.len() && matches!(chars[end], 'e' | 'E') {
        let mut exp = end + 1;
        if exp < chars.len() && matches!(chars[exp], '+' | '-') {
            exp += 1;
        }
        if exp < chars.len() && chars[exp].is_ascii_digit() {
            while exp < chars.len() && chars[exp].is_ascii_digit() {
                exp += 1;
            }
            end = exp;
        }
    }
    let text: String = chars[start..end].iter().collect();
    text.parse::<f64>()
        .map(|v| (v, end))
        .map_err(|_| syntax(start, format!("\"{text}\" is not a number")))
}
