//! The one vocabulary: every closed set of names (categories, hospital levels, visit kinds, school
//! stages, statuses, …) is declared once with [`vocab!`]: the key content and JSON use, and the
//! Chinese word every surface shows — card, form, trace, roster and print. A name changed here
//! changes everywhere; a surface that spells one again is a bug (the vocabulary test looks).

/// Declares an enum whose variants each carry their key (the serde name) and their Chinese word.
/// Generates `ALL`, `key()`, `zh()` and `from_key()`; the caller's own attributes (derives, docs)
/// are kept, and serde's name of each variant is its key.
#[macro_export]
macro_rules! vocab {
    (
        $(#[$m:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vm:meta])* $var:ident = $key:literal => $zh:expr ),+ $(,)?
        }
    ) => {
        $(#[$m])*
        $vis enum $name {
            $( $(#[$vm])* #[serde(rename = $key)] $var ),+
        }

        impl $name {
            /// Every value, in the order they are declared (the order pages list them in).
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The name content and JSON use (`"township"`).
            pub const fn key(self) -> &'static str {
                match self { $($name::$var => $key),+ }
            }

            /// The one Chinese name of the value.
            pub const fn zh(self) -> &'static str {
                match self { $($name::$var => $zh),+ }
            }

            /// The value a key names; `None` for a key not declared.
            pub fn from_key(key: &str) -> Option<Self> {
                match key {
                    $($key => Some($name::$var),)+
                    _ => None,
                }
            }

            /// `(key, Chinese name)` of every value, for the choices of a form.
            pub const CHOICES: &'static [(&'static str, &'static str)] = &[$(($key, $zh)),+];
        }
    };
}
