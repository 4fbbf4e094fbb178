//! The values a query binds: integers, text and NULL, which both engines
//! take; PostgreSQL's typed parameters are met here.

/// A value bound to a `?N` parameter.
#[derive(Debug, Clone, Copy)]
pub enum Param<'a> {
    /// SQL NULL.
    Null,
    /// An integer (every integer column is 64-bit).
    Int(i64),
    /// Text.
    Text(&'a str),
}

impl<'a> From<&'a str> for Param<'a> {
    fn from(s: &'a str) -> Self {
        Param::Text(s)
    }
}
impl<'a> From<&'a &str> for Param<'a> {
    fn from(s: &'a &str) -> Self {
        Param::Text(s)
    }
}
impl<'a> From<&'a String> for Param<'a> {
    fn from(s: &'a String) -> Self {
        Param::Text(s)
    }
}
impl From<&i64> for Param<'_> {
    fn from(v: &i64) -> Self {
        Param::Int(*v)
    }
}
impl From<&i32> for Param<'_> {
    fn from(v: &i32) -> Self {
        Param::Int(i64::from(*v))
    }
}
/// `Option`s of the types above: `None` is NULL.
macro_rules! optional_params {
    ($($t:ty),*) => {$(
        impl<'a> From<&'a Option<$t>> for Param<'a> {
            fn from(v: &'a Option<$t>) -> Self {
                v.as_ref().map_or(Param::Null, Param::from)
            }
        }
    )*};
}
optional_params!(String, &str, i64, i32);

/// `params![a, b]`: the values of `?1`, `?2`, … (each taken by reference).
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::db::sql::Param] };
    ($($x:expr),+ $(,)?) => { &[$($crate::db::sql::Param::from(&$x)),+] as &[$crate::db::sql::Param] };
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match *self {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(v)),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

impl postgres::types::ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut bytes::BytesMut,
    ) -> Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
        use postgres::types::{IsNull, Type};
        match *self {
            Param::Null => Ok(IsNull::Yes),
            // PostgreSQL types a parameter from where it is used: a
            // literal's column may be 32-bit (`SELECT 1`) or text.
            Param::Int(v) => match *ty {
                Type::INT4 => i32::try_from(v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(v)?.to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Param::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &postgres::types::Type) -> bool {
        use postgres::types::Type;
        matches!(
            *ty,
            Type::INT2 | Type::INT4 | Type::INT8 | Type::TEXT | Type::VARCHAR
        )
    }

    postgres::types::to_sql_checked!();
}
