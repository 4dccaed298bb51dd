package com.sharpapi.webhooks.ktor

import com.sharpapi.webhooks.Verifier
import com.sharpapi.webhooks.WebhookEvent
import com.sharpapi.webhooks.WebhookException
import com.sharpapi.webhooks.WebhookProtocol
import com.sharpapi.webhooks.integration.BodyLimit
import com.sharpapi.webhooks.integration.Claim
import com.sharpapi.webhooks.integration.IdempotencyStore
import com.sharpapi.webhooks.integration.RefusalExplainer
import com.sharpapi.webhooks.integration.WebhookAnswer
import io.ktor.http.ContentType
import io.ktor.http.HttpHeaders
import io.ktor.http.HttpMethod
import io.ktor.http.HttpStatusCode
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationPlugin
import io.ktor.server.application.ApplicationStopped
import io.ktor.server.application.createApplicationPlugin
import io.ktor.server.application.log
import io.ktor.server.config.ApplicationConfig
import io.ktor.server.request.RequestAlreadyConsumedException
import io.ktor.server.request.httpMethod
import io.ktor.server.request.receiveChannel
import io.ktor.server.response.respondText
import io.ktor.server.routing.Route
import io.ktor.server.routing.RoutingContext
import io.ktor.server.routing.application
import io.ktor.server.routing.route
import io.ktor.util.AttributeKey
import io.ktor.utils.io.readRemaining
import java.io.IOException
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import kotlinx.io.readByteArray

/**
 * The configuration of [SharpApiWebhooks]. What the `install` block leaves unset comes from the
 * application's configuration (`application.conf` or `.yaml`), under `sharpapi.webhooks`:
 * `secret`, `secrets` (a list, the current secret first), `max-body-bytes` and `explain-failures`.
 */
class SharpApiWebhooksConfig internal constructor(config: ApplicationConfig) {
    /** The webhook secret, the "Secret for Signature" of SharpAPI's webhooks dashboard. */
    var secret: String? = config.propertyOrNull("secret")?.getString()

    /** Several secrets while rotating, the current one first; after [secret] if both are set. */
    var secrets: List<String?> = config.propertyOrNull("secrets")?.getList().orEmpty()

    /**
     * The largest body accepted, in bytes; a larger one is answered 413 without being verified.
     * The default is the core's, 16 MiB ([WebhookProtocol.DEFAULT_MAX_BODY_BYTES]).
     */
    var maxBodyBytes: Long =
        config.propertyOrNull("max-body-bytes")?.getString()?.toLong() ?: WebhookProtocol.DEFAULT_MAX_BODY_BYTES

    /**
     * Handles each event id once when set: a finished event's retry is answered 200 "duplicate", one
     * being handled 409, without running the handler. None by default.
     */
    var idempotencyStore: IdempotencyStore? = null

    /**
     * A debugging aid, off by default: log why each refused signature was refused (a body parsed
     * and written again, a newline or BOM added, whitespace around a secret, ...), as a warning with
     * the application's logger; the answer is the same 401. It keeps the secrets' text and
     * costs a few dozen HMACs of each refused body.
     */
    var explainFailures: Boolean = config.propertyOrNull("explain-failures")?.getString()?.toBooleanStrict() ?: false

    internal fun secretsInOrder(): List<String?> = listOfNotNull(secret) + secrets

    override fun toString(): String =
        "SharpApiWebhooksConfig(secrets=[REDACTED; ${secretsInOrder().size}], maxBodyBytes=$maxBodyBytes, " +
            "explainFailures=$explainFailures)"
}

/** What the routes of one application share: made once, at install. */
internal class WebhookSettings(
    val verifier: Verifier,
    val maxBodyBytes: Long,
    val store: IdempotencyStore?,
    val explainer: RefusalExplainer?,
)

private val settingsKey = AttributeKey<WebhookSettings>("SharpApiWebhooks")

/**
 * Verifies SharpAPI webhooks for the routes that [sharpApiWebhook] declares:
 *
 * ```kotlin
 * install(SharpApiWebhooks) { secret = System.getenv("SHARPAPI_WEBHOOK_SECRET") }
 * routing {
 *     sharpApiWebhook("/webhooks/sharpapi") { event -> /* handle it */ }
 * }
 * ```
 *
 * The [Verifier] is made at install, so a missing or invalid secret fails the application's start
 * with [WebhookException.InvalidSecret]; it is closed when the application stops.
 */
val SharpApiWebhooks: ApplicationPlugin<SharpApiWebhooksConfig> =
    createApplicationPlugin("SharpApiWebhooks", "sharpapi.webhooks", ::SharpApiWebhooksConfig) {
        val secrets = pluginConfig.secretsInOrder()
        if (secrets.isEmpty()) {
            throw WebhookException.InvalidSecret(
                "invalid secret: no webhook secret is configured; set secret (or secrets, the current one first, " +
                    "while rotating) in install(SharpApiWebhooks) or sharpapi.webhooks in the application's " +
                    "configuration to the \"Secret for Signature\" from the SharpAPI webhooks dashboard",
            )
        }
        val limit = BodyLimit.checked(pluginConfig.maxBodyBytes)
        val verifier = Verifier(secrets)
        val explainer = if (pluginConfig.explainFailures) RefusalExplainer(secrets) else null
        application.attributes.put(settingsKey, WebhookSettings(verifier, limit, pluginConfig.idempotencyStore, explainer))
        application.monitor.subscribe(ApplicationStopped) { verifier.close() }
    }

/**
 * The webhook endpoint at [path]: any method but POST is 405; a body over the limit is 413 (by
 * Content-Length before reading, else as soon as the bytes read pass it); the raw body, read once,
 * and every header go to the core's `constructEventFromHeaders`: a refusal is 401 or 400 JSON. The
 * verified [WebhookEvent] goes to [handler], which may answer itself; if it does not, the answer is
 * 200 `{"id": ..., "outcome": "handled"}`.
 *
 * With an idempotency store, the id is claimed first (a done one is answered 200 "duplicate", one
 * in progress 409, without running [handler]), completed when [handler] returned with a 2xx answer
 * and released otherwise, so that SharpAPI's retry runs it again. A [handler] that throws is
 * answered 500 `HandlerFailed` (logged, never shown). With `explainFailures`, a refused signature
 * is explained in the application's log, and answered as without it.
 */
fun Route.sharpApiWebhook(path: String, handler: suspend RoutingContext.(event: WebhookEvent) -> Unit): Route {
    val settings = application.attributes.getOrNull(settingsKey)
        ?: throw IllegalStateException("install(SharpApiWebhooks) before declaring sharpApiWebhook(\"$path\")")
    return route(path) {
        handle { receiveWebhook(settings, handler) }
    }
}

private suspend fun RoutingContext.receiveWebhook(
    settings: WebhookSettings,
    handler: suspend RoutingContext.(WebhookEvent) -> Unit,
) {
    val method = call.request.httpMethod
    if (method != HttpMethod.Post) return call.answer(WebhookAnswer.methodNotAllowed(method.value))

    val limit = settings.maxBodyBytes
    val declared = call.request.headers[HttpHeaders.ContentLength]?.toLongOrNull()
    if (declared != null && BodyLimit.declaredOver(declared, limit)) return call.answer(WebhookAnswer.payloadTooLarge(limit))
    val body = try {
        call.receiveChannel().readRemaining(limit + 1).readByteArray()
    } catch (consumed: RequestAlreadyConsumedException) {
        call.application.log.error(
            "another plugin read the request body before the SharpAPI webhook route; verify before it reads",
            consumed,
        )
        return call.answer(WebhookAnswer.bodyConsumed())
    } catch (unreadable: IOException) {
        call.application.log.debug("the SharpAPI webhook body could not be read", unreadable)
        return call.answer(WebhookAnswer.bodyUnreadable())
    }
    if (body.size > limit) return call.answer(WebhookAnswer.payloadTooLarge(limit))

    // Every header as received, a repeated one as several pairs.
    val headers = call.request.headers.entries().flatMap { (name, values) -> values.map { value -> name to value } }
    val event = try {
        settings.verifier.constructEventFromHeaders(body, headers)
    } catch (refused: WebhookException) {
        settings.explainer?.let { explainer -> explainRefusal(call.application, explainer, body, headers, refused) }
        return call.answer(WebhookAnswer.refused(refused))
    }

    val store = settings.store
    val claim = try {
        store?.let { withContext(Dispatchers.IO) { it.claim(event.id) } }
    } catch (cancelled: CancellationException) {
        throw cancelled
    } catch (unavailable: Exception) {
        call.application.log.error("the idempotency store could not claim event ${event.id}", unavailable)
        return call.answer(WebhookAnswer.storeUnavailable())
    }
    when (claim?.state) {
        Claim.State.DONE -> return call.answer(WebhookAnswer.duplicate(event.id))
        Claim.State.IN_PROGRESS -> return call.answer(WebhookAnswer.inProgress(event.id))
        else -> {}
    }

    var succeeded = false
    try {
        handler(event)
        if (!call.response.isCommitted) call.answer(WebhookAnswer.handled(event.id))
        succeeded = call.response.status()?.isSuccess() ?: true
    } catch (cancelled: CancellationException) {
        throw cancelled
    } catch (failure: Exception) {
        call.application.log.error(
            "the SharpAPI webhook handler failed for event ${event.id}" +
                if (claim != null) "; its claim is released for SharpAPI's retry" else "",
            failure,
        )
        if (!call.response.isCommitted) call.answer(WebhookAnswer.handlerFailed())
    } finally {
        if (store != null && claim != null) settle(call.application, store, claim, succeeded)
    }
}

private suspend fun settle(application: Application, store: IdempotencyStore, claim: Claim, succeeded: Boolean) {
    // Even when the call was cancelled (the client went away): a claim left behind blocks retries.
    val own = try {
        withContext(NonCancellable + Dispatchers.IO) { if (succeeded) store.complete(claim) else store.release(claim) }
    } catch (unavailable: Exception) {
        // The answer stands; the claim holds until its lease runs out, then a retry runs again.
        val what = if (succeeded) "complete" else "release"
        application.log.error("the idempotency store could not $what the claim on event ${claim.eventId}", unavailable)
        return
    }
    if (!own) {
        application.log.warn(
            "the claim on event ${claim.eventId} ran out before the handler finished; another request may have " +
                "handled it too (lengthen the idempotency store's lease)",
        )
    }
}

// Never changes the answer: the finding is for the endpoint's owner only. Before it, so that the log
// line is written when the sender (or a test) has the answer; off the call's thread, since
// explaining costs a few dozen HMACs of the body.
private suspend fun explainRefusal(
    application: Application,
    explainer: RefusalExplainer,
    body: ByteArray,
    headers: List<Pair<String, String>>,
    refused: WebhookException,
) {
    try {
        withContext(Dispatchers.Default) { explainer.explain(body, headers, refused) }?.let { application.log.warn(it) }
    } catch (cancelled: CancellationException) {
        throw cancelled
    } catch (failure: Exception) {
        application.log.warn("a refused SharpAPI webhook delivery could not be explained", failure)
    } catch (failure: LinkageError) {
        // A library older than the package expects (a JNA that a dependency pinned): still no 500.
        application.log.warn("a refused SharpAPI webhook delivery could not be explained", failure)
    }
}

private fun HttpStatusCode.isSuccess(): Boolean = value in 200..299

private suspend fun ApplicationCall.answer(answer: WebhookAnswer) {
    for ((name, value) in answer.headers) response.headers.append(name, value)
    respondText(answer.json, ContentType.parse(WebhookAnswer.CONTENT_TYPE), HttpStatusCode.fromValue(answer.status))
}
