//! Welsh words matched through their initial mutations: "cymraeg",
//! "gymraeg", "chymraeg" and "nghymraeg" are one word, and so are "pen",
//! "ben", "mhen" and "phen". Every word is reduced to a key by its first
//! letters, soft, nasal and aspirate mutations alike, on the index's side
//! (here) and the query's (`radical` in `js/search.js`, the same rules).
//!
//! The key joins each mutation with its radical consonant's group (c/g,
//! p/b/m/f, t/d/n, ll/l, rh/r, and an aspirate `h` before a vowel): it
//! finds more than a dictionary would (a radical `g` word meets a `c` one),
//! which in a toolkit's few hundred pages costs little and never misses a
//! mutated form. The soft mutation that drops `g` is not undone: it needs
//! a dictionary.

/// First letters and what they become, longest first: a word is keyed by
/// the first rule its start matches (and something follows it).
pub const RULES: &[(&str, &str)] = &[
    ("ngh", "c"),
    ("mh", "p"),
    ("nh", "t"),
    ("ph", "p"),
    ("th", "t"),
    ("ch", "c"),
    ("ng", "c"),
    ("dd", "t"),
    ("ff", "ff"),
    ("ll", "l"),
    ("rh", "r"),
    ("g", "c"),
    ("b", "p"),
    ("m", "p"),
    ("f", "p"),
    ("d", "t"),
    ("n", "t"),
];

/// The key of a lower-case Welsh word (`nghymraeg` → `cymraeg`).
pub fn radical(word: &str) -> String {
    for (from, to) in RULES {
        if let Some(rest) = word.strip_prefix(from)
            && !rest.is_empty()
        {
            return format!("{to}{rest}");
        }
    }
    if let Some(rest) = word.strip_prefix('h')
        && rest.starts_with(['a', 'e', 'i', 'o', 'u', 'w', 'y'])
    {
        return rest.to_string();
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::radical;

    #[test]
    fn every_mutation_of_a_word_has_its_radicals_key() {
        for group in [
            &["cymraeg", "gymraeg", "chymraeg", "nghymraeg"][..],
            &["pen", "ben", "mhen", "phen"],
            &["tref", "dref", "thref", "nhref"],
            &["bara", "fara", "mara"],
            &["dydd", "ddydd", "nydd"],
            &["llais", "lais"],
            &["rhan", "ran"],
            &["ardal", "hardal"],
        ] {
            let key = radical(group[0]);
            for word in group {
                assert_eq!(radical(word), key, "{word}");
            }
        }
        assert_ne!(radical("ffordd"), radical("fordd"));
        assert_eq!(radical("a"), "a");
    }
}
