//! The sandbox pages' own words in the kiosk's languages, as Stripe's pages follow the reader's
//! locale: the modal takes Stripe.js's `locale` option (or the browser's language for `auto`),
//! the hosted page the `Accept-Language` header. A locale without texts falls back to English.
//! Stripe's test-mode outcome labels ("Verification success"…) stay in English everywhere, as
//! Stripe shows them.
//!
//! One JSON file per language in `assets/texts/`, embedded; every file has English's keys
//! (checked by the tests below).

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// `(language, file)` for each language the pages speak; English first.
const FILES: &[(&str, &str)] = &[
    ("en", include_str!("assets/texts/en.json")),
    ("es", include_str!("assets/texts/es.json")),
    ("fr", include_str!("assets/texts/fr.json")),
    ("de", include_str!("assets/texts/de.json")),
    ("it", include_str!("assets/texts/it.json")),
    ("pt", include_str!("assets/texts/pt.json")),
    ("nl", include_str!("assets/texts/nl.json")),
    ("pl", include_str!("assets/texts/pl.json")),
    ("tr", include_str!("assets/texts/tr.json")),
    ("ar", include_str!("assets/texts/ar.json")),
    ("zh", include_str!("assets/texts/zh.json")),
    ("ja", include_str!("assets/texts/ja.json")),
];

/// Languages written right to left.
const RTL: &[&str] = &["ar"];

type Catalog = BTreeMap<String, String>;

static CATALOGS: LazyLock<Vec<(&'static str, Catalog)>> = LazyLock::new(|| {
    FILES
        .iter()
        // A file that does not parse is caught by the tests; at run time it is simply absent.
        .filter_map(|(lang, json)| Some((*lang, serde_json::from_str(json).ok()?)))
        .collect()
});

/// The texts of one language, English where it has none.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    lang: &'static str,
    own: Option<&'static Catalog>,
    english: Option<&'static Catalog>,
}

impl Texts {
    /// The texts for a BCP 47 tag such as `de`, `de-CH` or `zh-Hans-CN` (case-insensitive),
    /// or English's for a language the pages do not speak.
    pub fn for_tag(tag: &str) -> Self {
        Self::find(tag).unwrap_or_else(Self::english)
    }

    /// The first language of an `Accept-Language` header the pages speak (by `q`, then order),
    /// or English.
    pub fn for_accept_language(header: Option<&str>) -> Self {
        let mut ranges: Vec<(f32, usize, &str)> = header
            .unwrap_or("")
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranges
            .into_iter()
            .find_map(|(_, _, tag)| Self::find(tag))
            .unwrap_or_else(Self::english)
    }

    fn find(tag: &str) -> Option<Self> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let (lang, own) = CATALOGS.iter().find(|(l, _)| *l == primary)?;
        Some(Self {
            lang,
            own: Some(own),
            english: catalog("en"),
        })
    }

    fn english() -> Self {
        Self {
            lang: "en",
            own: catalog("en"),
            english: catalog("en"),
        }
    }

    /// The language, for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// `rtl` or `ltr`, for `<html dir>`.
    pub fn dir(&self) -> &'static str {
        if RTL.contains(&self.lang) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The text for `key`: this language's, else English's, else the key itself.
    pub fn get<'k>(&self, key: &'k str) -> &'k str {
        self.own
            .and_then(|c| c.get(key))
            .or_else(|| self.english.and_then(|c| c.get(key)))
            .map_or(key, String::as_str)
    }

    /// Every text of this language (English filling gaps), for the modal's script.
    pub fn all(&self) -> BTreeMap<&str, &str> {
        let mut all: BTreeMap<&str, &str> = BTreeMap::new();
        for catalog in [self.english, self.own].into_iter().flatten() {
            for (k, v) in catalog {
                all.insert(k, v);
            }
        }
        all
    }
}

fn catalog(lang: &str) -> Option<&'static Catalog> {
    CATALOGS.iter().find(|(l, _)| *l == lang).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_has_exactly_englishs_keys() {
        let english: Catalog = serde_json::from_str(FILES[0].1).unwrap();
        for (lang, json) in FILES {
            let own: Catalog =
                serde_json::from_str(json).unwrap_or_else(|e| panic!("{lang}.json: {e}"));
            let keys: Vec<_> = own.keys().collect();
            assert_eq!(keys, english.keys().collect::<Vec<_>>(), "{lang}.json");
            for (key, text) in &own {
                assert!(!text.trim().is_empty(), "{lang}.json: {key} is empty");
            }
        }
        assert_eq!(CATALOGS.len(), FILES.len());
    }

    #[test]
    fn tags_pick_their_language_and_fall_back_to_english() {
        assert_eq!(Texts::for_tag("de").lang(), "de");
        assert_eq!(Texts::for_tag("de-CH").lang(), "de");
        assert_eq!(Texts::for_tag("ZH-Hans-CN").lang(), "zh");
        assert_eq!(Texts::for_tag("pt_BR").lang(), "pt");
        assert_eq!(Texts::for_tag("sv").lang(), "en");
        assert_eq!(Texts::for_tag("").lang(), "en");
        assert_eq!(Texts::for_tag("ar").dir(), "rtl");
        assert_eq!(Texts::for_tag("fr").dir(), "ltr");
        assert_ne!(
            Texts::for_tag("fr").get("close"),
            Texts::for_tag("en").get("close")
        );
        assert_eq!(Texts::for_tag("fr").get("no_such_key"), "no_such_key");
    }

    #[test]
    fn accept_language_is_read_by_quality_then_order() {
        let lang = |h: &str| Texts::for_accept_language(Some(h)).lang();
        assert_eq!(lang("de, en;q=0.5"), "de");
        assert_eq!(lang("sv, fr;q=0.8, en;q=0.5"), "fr");
        assert_eq!(lang("en;q=0.3, ja"), "ja");
        assert_eq!(lang("fr;q=0, it"), "it");
        assert_eq!(lang("sv, da"), "en");
        assert_eq!(lang(""), "en");
        assert_eq!(Texts::for_accept_language(None).lang(), "en");
        assert_eq!(lang("en-GB, de"), "en");
    }
}
