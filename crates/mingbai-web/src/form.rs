//! What the user has typed, as text, keyed by the engine's own field paths
//! (`household.size`, `medical.persons[0].visits[1].compliant`, ...). Keeping the text (not parsed
//! values) lets a half-typed or wrong entry stay on screen with its message beside it; keying by
//! the engine's paths lets an engine error land next to the field it names.

use std::collections::BTreeMap;

/// The lists of the form, and how they are indexed in a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    /// `medical.persons[i]`
    Persons,
    /// `medical.persons[i].visits[j]`
    Visits(usize),
    /// `education.children[i]`
    Children,
}

impl List {
    /// The path of the list itself, e.g. `medical.persons[0].visits`.
    pub fn path(self) -> String {
        match self {
            List::Persons => "medical.persons".to_string(),
            List::Visits(p) => format!("medical.persons[{p}].visits"),
            List::Children => "education.children".to_string(),
        }
    }
    pub fn item(self, i: usize) -> String {
        format!("{}[{i}]", self.path())
    }
    /// At most this many items: the engine's own limits, kept smaller where a form would be
    /// unusable on a phone.
    pub fn max(self) -> usize {
        match self {
            List::Persons => 10,
            List::Visits(_) => 30,
            List::Children => 10,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Form {
    values: BTreeMap<String, String>,
    persons: Vec<usize>,
    children: usize,
}

impl Form {
    pub fn get(&self, path: &str) -> &str {
        self.values.get(path).map(String::as_str).unwrap_or("")
    }
    pub fn has(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }
    pub fn flag(&self, path: &str) -> bool {
        self.get(path) == "true"
    }
    pub fn set(&mut self, path: impl Into<String>, value: impl Into<String>) {
        self.values.insert(path.into(), value.into());
    }
    pub fn set_flag(&mut self, path: impl Into<String>, on: bool) {
        self.set(path, if on { "true" } else { "" });
    }
    pub fn len(&self, list: List) -> usize {
        match list {
            List::Persons => self.persons.len(),
            List::Visits(p) => self.persons.get(p).copied().unwrap_or(0),
            List::Children => self.children,
        }
    }

    /// Every value typed, by path (for the link and the saved copy, crate::link).
    pub fn values(&self) -> &BTreeMap<String, String> {
        &self.values
    }
    /// The number of visits of each person, and of children.
    pub fn counts(&self) -> (&[usize], usize) {
        (&self.persons, self.children)
    }
    /// A form from saved values and list lengths; lengths beyond a list's maximum are refused.
    pub fn from_parts(
        values: BTreeMap<String, String>,
        persons: Vec<usize>,
        children: usize,
    ) -> Option<Form> {
        let ok = persons.len() <= List::Persons.max()
            && persons.iter().all(|v| *v <= List::Visits(0).max())
            && children <= List::Children.max();
        ok.then_some(Form {
            values,
            persons,
            children,
        })
    }

    /// Appends an item (up to the list's maximum) and returns its path.
    pub fn push(&mut self, list: List) -> Option<String> {
        let n = self.len(list);
        if n >= list.max() {
            return None;
        }
        match list {
            List::Persons => self.persons.push(0),
            List::Visits(p) => *self.persons.get_mut(p)? += 1,
            List::Children => self.children += 1,
        }
        Some(list.item(n))
    }

    /// Removes item `i`, moving the values of the items after it down by one.
    pub fn remove(&mut self, list: List, i: usize) {
        let n = self.len(list);
        if i >= n {
            return;
        }
        let base = list.path();
        let mut moved = BTreeMap::new();
        let old = std::mem::take(&mut self.values);
        for (key, value) in old {
            match split_index(&key, &base) {
                Some((k, _)) if k == i => {}
                Some((k, rest)) if k > i => {
                    moved.insert(format!("{base}[{}]{rest}", k - 1), value);
                }
                _ => {
                    moved.insert(key, value);
                }
            }
        }
        self.values = moved;
        match list {
            List::Persons => {
                self.persons.remove(i);
            }
            List::Visits(p) => {
                if let Some(v) = self.persons.get_mut(p) {
                    *v -= 1;
                }
            }
            List::Children => self.children -= 1,
        }
    }
}

/// For `key` = `base[3].x`, returns `(3, ".x")`.
fn split_index<'a>(key: &'a str, base: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(base)?.strip_prefix('[')?;
    let (digits, rest) = rest.split_once(']')?;
    Some((digits.parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_an_item_moves_the_later_ones_down() {
        let mut f = Form::default();
        for i in 0..3 {
            let p = f.push(List::Persons).unwrap();
            f.set(format!("{p}.age"), format!("{}", 30 + i));
            for _ in 0..=i {
                let v = f.push(List::Visits(i)).unwrap();
                f.set(format!("{v}.total"), format!("{i}00"));
            }
        }
        f.set("medical.personsX", "kept");
        f.remove(List::Persons, 1);
        assert_eq!(f.len(List::Persons), 2);
        assert_eq!(f.get("medical.persons[0].age"), "30");
        assert_eq!(f.get("medical.persons[1].age"), "32");
        assert_eq!(f.len(List::Visits(1)), 3);
        assert_eq!(f.get("medical.persons[1].visits[2].total"), "200");
        assert_eq!(f.get("medical.persons[2].age"), "");
        assert_eq!(f.get("medical.personsX"), "kept");

        f.remove(List::Visits(1), 0);
        assert_eq!(f.len(List::Visits(1)), 2);
        assert_eq!(f.get("medical.persons[1].visits[1].total"), "200");
        assert_eq!(f.get("medical.persons[1].visits[2].total"), "");
    }

    #[test]
    fn lists_stop_at_their_maximum() {
        let mut f = Form::default();
        for _ in 0..List::Children.max() {
            assert!(f.push(List::Children).is_some());
        }
        assert!(f.push(List::Children).is_none());
        assert!(f.push(List::Visits(5)).is_none(), "no such person");
        f.remove(List::Children, 99);
        assert_eq!(f.len(List::Children), List::Children.max());
    }
}
