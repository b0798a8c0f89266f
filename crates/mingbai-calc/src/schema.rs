//! The parameter schema, declared once. Each calculator's module declares its parameter tables
//! with one `…_tables!` macro: every key, its type, whether it is required, and for a figure its
//! Chinese label and how its value reads. From that one declaration come
//!
//! - the serde types (here, through [`declare_tables!`]),
//! - [`Table::fields`]: the figure labels of cards, traces and forms (`labels`),
//! - `Type::key` constants: the parameter paths the rules cite (`DibaoParams::taper_months` is
//!   `"dibao.taper_months"`), so a path is never typed again,
//! - and, in the browser, the key tables of the hand-written JSON reader (`mingbai-web`, which
//!   passes its own macro to the same declaration).
//!
//! A field reads `key: mode Type => "label" Kind` where mode is `req` (must be present), `opt`
//! (an `Option`, absent when not set), `or_default` (absent = the type's default, always written)
//! or `if_any` (a list, absent = empty, written only when not empty). Fields that are not figures
//! (lists of categories, ids, names) have no label.

/// One key of a parameter table.
#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub key: &'static str,
    pub required: bool,
    /// The Chinese label and the kind of value of a figure (`{ v, s, src }`); `None` for a key
    /// that is not a figure.
    pub label: Option<(&'static str, crate::labels::Kind)>,
}

/// A parameter table: its keys, in the declared order.
pub trait Table {
    fn fields() -> &'static [Field];
}

/// The calc crate's reading of a declaration: serde types, field tables and path constants.
#[macro_export]
macro_rules! declare_tables {
    ($(
        $(#[$m:meta])*
        table $name:ident $(at $at:literal)? {
            $( $(#[$fm:meta])* $key:ident : $mode:ident $ty:ty $(=> $label:expr, $kind:ident $(($unit:literal))?)? ),* $(,)?
        }
    )*) => {$(
        $crate::declare_tables!(@struct [$(#[$m])*] $name [] $( [$mode] $(#[$fm])* $key : $ty ; )*);

        impl $crate::schema::Table for $name {
            fn fields() -> &'static [$crate::schema::Field] {
                const FIELDS: &[$crate::schema::Field] = &[$($crate::schema::Field {
                    key: stringify!($key),
                    required: $crate::declare_tables!(@required $mode),
                    label: $crate::declare_tables!(@label $($label, $kind $(($unit))?)?),
                }),*];
                FIELDS
            }
        }

        $crate::declare_tables!(@paths $name [$($at)?] $($key)*);
    )*};

    (@paths $name:ident [] $($key:ident)*) => {};
    (@paths $name:ident [$at:literal] $($key:ident)*) => {
        /// The path of each key, as traces and checks cite it.
        #[allow(non_upper_case_globals)]
        impl $name {
            $(pub const $key: &'static str = concat!($at, ".", stringify!($key));)*
        }
    };
    (@required req) => { true };
    (@required $other:ident) => { false };
    (@label) => { None };
    (@label $label:expr, $kind:ident $(($unit:literal))?) => {
        Some(($label, $crate::labels::Kind::$kind $(($unit))?))
    };

    (@struct [$($m:tt)*] $name:ident [$($acc:tt)*]) => {
        $($m)*
        #[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name { $($acc)* }
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] [req] $(#[$fm:meta])* $key:ident : $ty:ty ; $($rest:tt)*) => {
        $crate::declare_tables!(@struct $m $name [$($acc)* $(#[$fm])* pub $key: $ty,] $($rest)*);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] [opt] $(#[$fm:meta])* $key:ident : $ty:ty ; $($rest:tt)*) => {
        $crate::declare_tables!(@struct $m $name [$($acc)*
            $(#[$fm])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $key: Option<$ty>,
        ] $($rest)*);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] [or_default] $(#[$fm:meta])* $key:ident : $ty:ty ; $($rest:tt)*) => {
        $crate::declare_tables!(@struct $m $name [$($acc)* $(#[$fm])* #[serde(default)] pub $key: $ty,] $($rest)*);
    };
    (@struct $m:tt $name:ident [$($acc:tt)*] [if_any] $(#[$fm:meta])* $key:ident : $ty:ty ; $($rest:tt)*) => {
        $crate::declare_tables!(@struct $m $name [$($acc)*
            $(#[$fm])* #[serde(default, skip_serializing_if = "Vec::is_empty")] pub $key: $ty,
        ] $($rest)*);
    };
}
