//! `replay`: recorded deliveries sent again with their own headers and exact bodies.

use std::time::Duration;

use crate::args::ReplayArgs;
use crate::failure::Failure;
use crate::record::parse_records;
use crate::{http, read_input};

pub(crate) fn replay(args: &ReplayArgs) -> Result<(), Failure> {
    let text = read_input(Some(&args.file))?;
    let name = if args.file.as_os_str() == "-" {
        "standard input".to_owned()
    } else {
        args.file.display().to_string()
    };
    let deliveries = parse_records(&text, &name)?;
    let agent = http::agent(Duration::from_millis(args.timeout_ms));
    let total = deliveries.len();
    let mut failed = 0;
    for (index, delivery) in deliveries.iter().enumerate() {
        let body = delivery
            .body()
            .map_err(|error| Failure::Io(format!("{name}: {error}")))?;
        let headers = delivery
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()));
        let outcome = match http::post(&agent, &args.to, headers, &body) {
            Ok(answer) => {
                failed += usize::from(!answer.is_success());
                answer.summary()
            }
            Err(error) => {
                failed += 1;
                format!("no answer: {error}")
            }
        };
        say!(
            "delivery {}/{total} (recorded {}, {} bytes): {outcome}",
            index + 1,
            delivery.received_at,
            body.len()
        );
    }
    if failed > 0 {
        return Err(Failure::Undelivered(format!(
            "{failed} of {total} deliveries got no 2xx answer"
        )));
    }
    Ok(())
}
