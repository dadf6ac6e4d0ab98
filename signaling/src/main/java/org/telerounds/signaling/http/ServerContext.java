package org.telerounds.signaling.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import org.telerounds.media.sfu.MediaServer;
import org.telerounds.signaling.audit.AuditLog;
import org.telerounds.signaling.carts.CartRoutes;
import org.telerounds.signaling.auth.JwtVerifier;
import org.telerounds.signaling.auth.TokenMinter;
import org.telerounds.signaling.config.SignalingConfig;
import org.telerounds.signaling.rooms.RoomDirectory;
import org.telerounds.signaling.ws.SignalingMetrics;

/** What the HTTP handlers share. {@code devTokens} is null unless dev mode is on. */
public record ServerContext(SignalingConfig config, JwtVerifier verifier, TokenMinter devTokens, MediaServer media,
    RoomDirectory directory, PrometheusMeterRegistry registry, SignalingMetrics metrics, AuditLog audit, CartRoutes carts,
    org.telerounds.signaling.archive.ArchiveRoutes archive, Clock clock,
    org.telerounds.signaling.ws.ResumeRegistry resumes) {}
