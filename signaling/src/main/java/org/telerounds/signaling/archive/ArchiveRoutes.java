package org.telerounds.signaling.archive;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telerounds.recorder.archive.RoundArchive;
import org.telerounds.recorder.store.StoreException;
import org.telerounds.signaling.audit.AuditLog;
import org.telerounds.signaling.audit.AuditService;
import org.telerounds.signaling.auth.AuthException;
import org.telerounds.signaling.auth.Claims;
import org.telerounds.signaling.auth.JwtVerifier;
import org.telerounds.signaling.http.HttpResponses;

/**
 * Entry point of the archive REST API ({@code /api/rounds}, {@code /api/audit}; docs/recording.md):
 * checks the token on the event loop, then runs the call on the blocking executor. With recording
 * off there is no archive and every call answers 503.
 */
public final class ArchiveRoutes {
  private static final Logger LOG = LoggerFactory.getLogger("signaling.archive");
  private final JwtVerifier verifier;
  private final Executor blocking;
  private final RoundRoutes rounds;
  private final AuditRoutes auditRoutes;

  /**
   * {@code archive} and {@code chain} are null when recording is off; {@code inProgress} gives the
   * rounds being recorded or finished, listed as {@code in-progress}.
   */
  public ArchiveRoutes(JwtVerifier verifier, Executor blocking, RoundArchive archive,
      java.util.function.Supplier<java.util.List<org.telerounds.recorder.Recorder.RoundInProgress>> inProgress,
      AuditService chain, AuditLog audit) {
    this.verifier = verifier;
    this.blocking = blocking;
    AccessAudit access = new AccessAudit(audit);
    this.rounds = archive == null ? null : new RoundRoutes(archive, access, inProgress);
    this.auditRoutes = chain == null ? null : new AuditRoutes(chain, access);
  }

  public static boolean handles(String path) {
    return path.equals("/api/rounds") || path.startsWith("/api/rounds/") || path.equals("/api/audit")
        || path.startsWith("/api/audit/");
  }

  public void handle(ChannelHandlerContext c, FullHttpRequest req, QueryStringDecoder q, String token) {
    Claims claims;
    try {
      claims = verifier.verify(token);
    } catch (AuthException e) {
      HttpResponses.error(c, req, HttpResponseStatus.valueOf(e.status()), e.code(), e.getMessage());
      return;
    }
    RestCall call = RestCall.of(c, req, q, claims);
    boolean audit = q.path().startsWith("/api/audit");
    if ((audit ? auditRoutes : rounds) == null) {
      call.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "recording-off",
          "recording is off on this server (telerounds.recorder.enabled = false)");
      return;
    }
    try {
      blocking.execute(() -> run(call, audit));
    } catch (RejectedExecutionException e) {
      call.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting-down", "the server is shutting down");
    }
  }

  private void run(RestCall call, boolean audit) {
    try {
      if (audit) auditRoutes.handle(call); else rounds.handle(call);
    } catch (StoreException e) {
      LOG.warn("archive API: object store unavailable: {}", e.getMessage());
      call.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "store-unavailable",
          "the object store cannot be reached now; try again later");
    } catch (Exception e) {
      LOG.error("archive API failed", e);
      call.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }
  }
}
