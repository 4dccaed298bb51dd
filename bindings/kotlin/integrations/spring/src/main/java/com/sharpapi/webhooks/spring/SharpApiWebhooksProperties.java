package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.WebhookProtocol;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sharpapi.webhooks.*} in {@code application.properties} (or YAML, or the environment):
 *
 * <pre>
 * sharpapi.webhooks.secret=${SHARPAPI_WEBHOOK_SECRET}
 * # while rotating: the current secret first, then the previous one
 * sharpapi.webhooks.secrets=${SHARPAPI_WEBHOOK_SECRET},${SHARPAPI_WEBHOOK_PREVIOUS_SECRET}
 * sharpapi.webhooks.max-body-bytes=16777216
 * sharpapi.webhooks.paths=/webhooks/sharpapi
 * # a debugging aid: log why each refused signature was refused
 * sharpapi.webhooks.explain-failures=true
 * </pre>
 */
@ConfigurationProperties(prefix = "sharpapi.webhooks")
public class SharpApiWebhooksProperties {
    /** The webhook secret, the "Secret for Signature" of SharpAPI's webhooks dashboard. */
    private String secret;

    /** Several secrets while rotating, the current one first; after secret if both are set. */
    private List<String> secrets = new ArrayList<>();

    /**
     * The largest body accepted, in bytes; a larger one is answered 413 without being verified. The
     * default is the core's, 16 MiB.
     */
    private long maxBodyBytes = WebhookProtocol.DEFAULT_MAX_BODY_BYTES;

    /** The servlet URL patterns the webhook filter guards. */
    private List<String> paths = new ArrayList<>(List.of("/webhooks/sharpapi"));

    /**
     * A debugging aid, off by default: log why each refused signature was refused (a body parsed and
     * written again, a newline or BOM added, whitespace around a secret, ...), as a warning, never in
     * the answer. Needs the secrets in {@code secret} or {@code secrets}.
     */
    private boolean explainFailures;

    /** The webhook secret, the "Secret for Signature" of SharpAPI's webhooks dashboard. */
    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    /** Several secrets while rotating, the current one first; after {@link #getSecret()} if both are set. */
    public List<String> getSecrets() {
        return secrets;
    }

    public void setSecrets(List<String> secrets) {
        this.secrets = secrets;
    }

    /**
     * The largest body accepted, in bytes; a larger one is answered 413 without being verified.
     * The default is the core's, 16 MiB ({@link WebhookProtocol#DEFAULT_MAX_BODY_BYTES}).
     */
    public long getMaxBodyBytes() {
        return maxBodyBytes;
    }

    public void setMaxBodyBytes(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The servlet URL patterns the webhook filter guards; {@code /webhooks/sharpapi} by default. */
    public List<String> getPaths() {
        return paths;
    }

    public void setPaths(List<String> paths) {
        this.paths = paths;
    }

    /**
     * Whether each refused signature is explained in the log (a warning; the answer stays the same).
     * A debugging aid: it keeps the secrets' text and costs a few dozen HMACs of each refused body.
     */
    public boolean isExplainFailures() {
        return explainFailures;
    }

    public void setExplainFailures(boolean explainFailures) {
        this.explainFailures = explainFailures;
    }

    /** {@link #getSecret()} then {@link #getSecrets()}, as the Verifier takes them. */
    public List<String> secretsInOrder() {
        List<String> all = new ArrayList<>();
        if (secret != null) {
            all.add(secret);
        }
        if (secrets != null) {
            all.addAll(secrets);
        }
        return all;
    }

    @Override
    public String toString() {
        // Never the secrets themselves.
        return "SharpApiWebhooksProperties(secrets=[REDACTED; " + secretsInOrder().size() + "], maxBodyBytes="
                + maxBodyBytes + ", paths=" + paths + ", explainFailures=" + explainFailures + ")";
    }
}
