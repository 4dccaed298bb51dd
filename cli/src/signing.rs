//! `sign` and `verify`: the core's `sign` and `Verifier`, over a file's exact bytes.

use sharpapi_webhooks::{Verifier, explain};

use crate::args::{SignArgs, VerifyArgs};
use crate::failure::Failure;
use crate::{read_input, warn_about_whitespace};

pub(crate) fn sign(args: &SignArgs) -> Result<(), Failure> {
    let secret = &args.secret.secret;
    warn_about_whitespace(std::slice::from_ref(secret));
    let body = read_input(args.file.as_deref())?;
    let signature = sharpapi_webhooks::sign(&body, secret)?;
    say!("{signature}");
    Ok(())
}

pub(crate) fn verify(args: &VerifyArgs) -> Result<(), Failure> {
    let secrets = &args.secrets.secrets;
    // An invalid secret is refused before anything is read.
    let verifier = Verifier::new(secrets)?;
    warn_about_whitespace(secrets);
    let body = read_input(args.file.as_deref())?;
    let signature = args.signature.as_bytes();
    if args.explain {
        for cause in explain(&body, Some(signature), secrets).causes() {
            say!("{}: {}", cause.as_str(), cause.description());
        }
    }
    let event = verifier.construct_event_raw(&body, Some(signature))?;
    say!(
        "valid: job {} ({}, {})",
        event.id,
        event.job_type,
        event.status
    );
    Ok(())
}
