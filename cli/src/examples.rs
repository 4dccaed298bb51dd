//! The `result` that `send` puts in a delivery unless told otherwise: a small, plausible object
//! for each job type the core knows. These show the shape of a result, not SharpAPI's schemas;
//! they are written as SharpAPI's PHP writes JSON (`\/`, and `\u00e9` beyond ASCII), so that an
//! endpoint that parses and re-serializes the body before verifying it fails here as it would in
//! production.

/// One example per job type, by the type's wire name; a test checks that the names are exactly
/// those of `JobType::KNOWN`, so a type added to the core needs an example here.
const EXAMPLE_RESULTS: &[(&str, &str)] = &[
    (
        "ecommerce_review_sentiment",
        r#"{"opinion":"POSITIVE","score":92}"#,
    ),
    (
        "ecommerce_product_categories",
        r#"{"categories":[{"name":"Wireless Headphones","weight":10},{"name":"Audio","weight":8}]}"#,
    ),
    (
        "ecommerce_product_intro",
        r#"{"content":"Thirty hours of quiet: noise-cancelling headphones for long flights."}"#,
    ),
    (
        "ecommerce_thank_you_email",
        r#"{"email":"Dear Ren\u00e9e, thank you for your order! Your headphones ship tomorrow."}"#,
    ),
    (
        "ecommerce_product_description",
        r#"{"content":"Over-ear headphones with active noise cancelling, 30-hour battery and USB-C fast charging."}"#,
    ),
    (
        "hr_parse_resume",
        r#"{"candidate_name":"Jane Doe","candidate_email":"jane.doe@example.com","positions":[{"position_name":"Data Analyst","company_name":"Example Ltd","start_date":"2021-03-01","end_date":null}],"skills":["SQL","Python"]}"#,
    ),
    (
        "hr_job_description",
        r#"{"job_title":"Backend Engineer","short_summary":"Build and run the services behind our API.","requirements":["3+ years of Rust or Go","HTTP and SQL"],"responsibilities":["Design APIs","Review code"]}"#,
    ),
    (
        "hr_related_skills",
        r#"{"skill":"Rust","related_skills":[{"name":"Systems programming","weight":9},{"name":"WebAssembly","weight":7}]}"#,
    ),
    (
        "hr_related_job_positions",
        r#"{"job_position":"Data Analyst","related_job_positions":[{"name":"Business Analyst","weight":9},{"name":"Data Engineer","weight":7}]}"#,
    ),
    (
        "hr_resume_job_match_score",
        r#"{"match_scores":{"overall_match":82,"skills_match":90,"experience_match":75},"explanation":"Strong SQL and Python; less experience than asked."}"#,
    ),
    (
        "tth_review_sentiment",
        r#"{"opinion":"NEGATIVE","score":18}"#,
    ),
    (
        "tth_ta_product_categories",
        r#"{"categories":[{"name":"City Tours","weight":10},{"name":"Food & Drink","weight":6}]}"#,
    ),
    (
        "tth_hospitality_product_categories",
        r#"{"categories":[{"name":"Boutique Hotel","weight":10},{"name":"Spa","weight":5}]}"#,
    ),
    (
        "content_detect_phones",
        r#"{"phones":[{"detected_number":"+1 (555) 010-0199","parsed_number":"+15550100199"}]}"#,
    ),
    (
        "content_detect_emails",
        r#"{"emails":["support@example.com"]}"#,
    ),
    (
        "content_detect_spam",
        r#"{"pass":false,"score":87,"reason":"Unsolicited offer with a shortened link."}"#,
    ),
    (
        "content_detect_address",
        r#"{"addresses":[{"street":"1 Example Street","city":"Springfield","postal_code":"12345","country":"US"}]}"#,
    ),
    (
        "content_detect_profanities",
        r#"{"pass":true,"score":0,"reason":"No profanity found."}"#,
    ),
    (
        "content_detect_urls",
        r#"{"urls":[{"url":"https:\/\/sharpapi.com\/","protocol":"https","domain":"sharpapi.com"}]}"#,
    ),
    (
        "content_detect_ai",
        r#"{"score":12,"reason":"Varied sentence length and personal detail."}"#,
    ),
    (
        "content_summarize",
        r#"{"summary":"SharpAPI signs each webhook with HMAC-SHA256 of the raw body."}"#,
    ),
    (
        "content_keywords",
        r#"{"keywords":["webhook","signature","HMAC-SHA256"]}"#,
    ),
    (
        "content_translate",
        r#"{"content":"Caf\u00e9 cr\u00e8me, s'il vous pla\u00eet","from_language":"English","to_language":"French"}"#,
    ),
    (
        "content_paraphrase",
        r#"{"content":"Every webhook carries a signature of its exact bytes."}"#,
    ),
    (
        "content_proofread",
        r#"{"content":"Their webhook arrived on time.","corrections":[{"from":"There","to":"Their"}]}"#,
    ),
    (
        "seo_generate_tags",
        r#"{"meta_title":"Verify SharpAPI webhooks","meta_description":"Check X-Signature on the raw body.","og_url":"https:\/\/sharpapi.com\/"}"#,
    ),
];

/// The example `result` for a job type, by its wire name; `None` for a type the core does not know.
pub(crate) fn example_result(job_type: &str) -> Option<&'static str> {
    EXAMPLE_RESULTS
        .iter()
        .find(|(name, _)| *name == job_type)
        .map(|(_, result)| *result)
}

#[cfg(test)]
mod tests {
    use sharpapi_webhooks::JobType;

    use super::*;

    #[test]
    fn every_known_job_type_has_one_example_object() {
        let known: Vec<&str> = JobType::KNOWN.iter().map(JobType::as_str).collect();
        let examples: Vec<&str> = EXAMPLE_RESULTS.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            examples, known,
            "cli/src/examples.rs needs one example per JobType::KNOWN, in its order: add one for each new job type"
        );
        for (name, result) in EXAMPLE_RESULTS {
            let value: serde_json::Value = serde_json::from_str(result)
                .unwrap_or_else(|error| panic!("{name}: not JSON: {error}"));
            assert!(value.is_object(), "{name}: not a JSON object");
        }
        assert_eq!(example_result("content_new_thing"), None);
    }
}
