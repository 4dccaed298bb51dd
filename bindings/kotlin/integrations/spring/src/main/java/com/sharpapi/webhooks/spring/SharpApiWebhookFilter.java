package com.sharpapi.webhooks.spring;

import com.sharpapi.webhooks.Verifier;
import com.sharpapi.webhooks.WebhookEvent;
import com.sharpapi.webhooks.WebhookException;
import com.sharpapi.webhooks.integration.BodyLimit;
import com.sharpapi.webhooks.integration.Claim;
import com.sharpapi.webhooks.integration.IdempotencyStore;
import com.sharpapi.webhooks.integration.PayloadTooLargeException;
import com.sharpapi.webhooks.integration.RefusalExplainer;
import com.sharpapi.webhooks.integration.WebhookAnswer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the webhook path: any method but POST is 405; a body over the limit is 413 (by
 * Content-Length before reading, else as soon as the bytes read pass it); the raw body, read once,
 * and every header go to the core's {@code constructEventFromHeaders}: a refusal is 401 or 400 JSON.
 * A verified event is put in the request for the controller's {@link WebhookEvent} argument, and
 * the body stays readable (a {@code @RequestBody byte[]} gets the same bytes).
 *
 * <p>With an {@link IdempotencyStore} bean, the event's id is claimed first: a finished one is
 * answered 200 {@code {"id":..., "outcome":"duplicate"}} and one in progress 409, without running
 * the controller. The claim is completed when the controller answered 2xx, and released otherwise,
 * so that SharpAPI's retry runs it again. A controller that throws is answered 500
 * {@code HandlerFailed} (logged here, never shown), never the container's error page.
 *
 * <p>With a {@link RefusalExplainer} ({@code sharpapi.webhooks.explain-failures=true}), a refused
 * signature is explained in the log, as a warning, after the same 401 was answered.
 */
public class SharpApiWebhookFilter extends OncePerRequestFilter {
    /** The request attribute that holds the verified {@link WebhookEvent}. */
    public static final String EVENT_ATTRIBUTE = SharpApiWebhookFilter.class.getName() + ".event";

    private static final Log log = LogFactory.getLog(SharpApiWebhookFilter.class);

    private final Verifier verifier;
    private final long maxBodyBytes;
    private final IdempotencyStore store;
    private final RefusalExplainer explainer;

    /**
     * @param verifier the one verifier, shared by every request
     * @param maxBodyBytes the largest body accepted, in bytes
     * @param store the idempotency store, or null for none
     */
    public SharpApiWebhookFilter(Verifier verifier, long maxBodyBytes, IdempotencyStore store) {
        this(verifier, maxBodyBytes, store, null);
    }

    /**
     * @param verifier the one verifier, shared by every request
     * @param maxBodyBytes the largest body accepted, in bytes
     * @param store the idempotency store, or null for none
     * @param explainer explains each refused signature in the log (a debugging aid), or null for none
     */
    public SharpApiWebhookFilter(
            Verifier verifier, long maxBodyBytes, IdempotencyStore store, RefusalExplainer explainer) {
        this.verifier = verifier;
        this.maxBodyBytes = BodyLimit.checked(maxBodyBytes);
        this.store = store;
        this.explainer = explainer;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            answer(response, WebhookAnswer.methodNotAllowed(request.getMethod()));
            return;
        }
        long declared = request.getContentLengthLong();
        byte[] body;
        try {
            body = BodyLimit.read(request.getInputStream(), declared, maxBodyBytes);
        } catch (PayloadTooLargeException tooLarge) {
            answer(response, WebhookAnswer.payloadTooLarge(maxBodyBytes));
            return;
        } catch (IOException unreadable) {
            // Most often the client went away; if it is still there, it gets JSON, not an error page.
            log.debug("the SharpAPI webhook body could not be read", unreadable);
            try {
                answer(response, WebhookAnswer.bodyUnreadable());
            } catch (IOException | IllegalStateException gone) {
                log.debug("the client is gone", gone);
            }
            return;
        }
        if (declared >= 0 && body.length < declared) {
            // Something read the body before this filter (a form-parsing filter ordered first).
            log.error("the SharpAPI webhook filter got " + body.length + " of the " + declared
                    + " bytes declared: another filter read the request body first; order this one before it");
            answer(response, WebhookAnswer.bodyConsumed());
            return;
        }

        WebhookEvent event;
        Map<String, List<String>> headers = headers(request);
        try {
            event = verifier.constructEventFromHeaders(body, headers);
        } catch (WebhookException refused) {
            answer(response, WebhookAnswer.refused(refused));
            if (explainer != null) {
                explainRefusal(body, headers, refused);
            }
            return;
        }

        Claim claim = null;
        if (store != null) {
            try {
                claim = store.claim(event.getId());
            } catch (RuntimeException unavailable) {
                log.error("the idempotency store could not claim event " + event.getId(), unavailable);
                answer(response, WebhookAnswer.storeUnavailable());
                return;
            }
            if (claim.getState() == Claim.State.DONE) {
                answer(response, WebhookAnswer.duplicate(event.getId()));
                return;
            }
            if (claim.getState() == Claim.State.IN_PROGRESS) {
                answer(response, WebhookAnswer.inProgress(event.getId()));
                return;
            }
        }

        request.setAttribute(EVENT_ATTRIBUTE, event);
        HttpServletRequest withBody = new RawBodyRequest(request, body);
        boolean returned = false;
        try {
            chain.doFilter(withBody, response);
            returned = true;
        } catch (IOException | ServletException | RuntimeException failure) {
            Throwable cause = failure instanceof ServletException && failure.getCause() != null
                    ? failure.getCause() : failure;
            log.error("the SharpAPI webhook handler failed for event " + event.getId()
                    + (claim != null ? "; its claim is released for SharpAPI's retry" : ""), cause);
            if (!response.isCommitted()) {
                response.reset();
                answer(response, WebhookAnswer.handlerFailed());
            }
        } finally {
            if (returned && request.isAsyncStarted()) {
                settleWhenDone(request, claim);
            } else {
                settle(claim, returned && isSuccess(response.getStatus()));
            }
        }
    }

    // A controller that answers later (Callable, DeferredResult): its claim settles with the answer.
    private void settleWhenDone(HttpServletRequest request, Claim claim) {
        if (claim == null) {
            return;
        }
        request.getAsyncContext().addListener(new AsyncListener() {
            private boolean settled;

            @Override
            public void onComplete(AsyncEvent done) {
                HttpServletResponse response = (HttpServletResponse) done.getSuppliedResponse();
                settleOnce(isSuccess(response.getStatus()));
            }

            @Override
            public void onTimeout(AsyncEvent done) {
                settleOnce(false);
            }

            @Override
            public void onError(AsyncEvent done) {
                settleOnce(false);
            }

            @Override
            public void onStartAsync(AsyncEvent done) {
                done.getAsyncContext().addListener(this);
            }

            private synchronized void settleOnce(boolean succeeded) {
                if (!settled) {
                    settled = true;
                    settle(claim, succeeded);
                }
            }
        });
    }

    private void settle(Claim claim, boolean succeeded) {
        if (claim == null) {
            return;
        }
        boolean own;
        try {
            own = succeeded ? store.complete(claim) : store.release(claim);
        } catch (RuntimeException unavailable) {
            // The answer stands; the claim holds until its lease runs out, then a retry runs again.
            log.error("the idempotency store could not " + (succeeded ? "complete" : "release") + " the claim on event "
                    + claim.getEventId(), unavailable);
            return;
        }
        if (!own) {
            log.warn("the claim on event " + claim.getEventId() + " ran out before the handler finished; "
                    + "another request may have handled it too (lengthen the idempotency store's lease)");
        }
    }

    // After the answer, which it never changes: the finding is for the endpoint's owner only.
    private void explainRefusal(byte[] body, Map<String, List<String>> headers, WebhookException refused) {
        try {
            String line = explainer.explain(body, headers, refused);
            if (line != null) {
                log.warn(line);
            }
        } catch (RuntimeException | LinkageError failure) {
            // LinkageError: a library older than the package expects (a JNA that a dependency
            // pinned); the answer stands all the same.
            log.warn("a refused SharpAPI webhook delivery could not be explained", failure);
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** Every header as received: each value of a repeated header on its own. */
    private static Map<String, List<String>> headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name, ignored -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        return headers;
    }

    static void answer(HttpServletResponse response, WebhookAnswer answer) throws IOException {
        byte[] json = answer.getJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(answer.getStatus());
        answer.getHeaders().forEach(response::setHeader);
        response.setContentType(WebhookAnswer.CONTENT_TYPE);
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
        response.flushBuffer();
    }

    /** The request with its body, already read here, readable again by the controller. */
    private static final class RawBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        RawBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the webhook body was read already; read it blocking");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
