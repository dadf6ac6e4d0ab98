package org.telerounds.recorder.store;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.ServerSideEncryption;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * One bucket of an S3-compatible object store (MinIO, S3, or the embedded S3Proxy) through
 * minio-java. Blocking: call it from the recorder's own threads, never from an event loop.
 */
public final class ObjectStore implements AutoCloseable {
  /** An object's key and size, as listed. */
  public record Entry(String key, long size) {}

  private final MinioClient client;
  private final OkHttpClient http;
  private final String bucket;
  private final ServerSideEncryption sse;

  public ObjectStore(String endpoint, String region, String bucket, String accessKey, String secretKey) {
    this(endpoint, region, bucket, accessKey, secretKey, null);
  }

  /**
   * {@code sse}: the server-side encryption every upload asks for (S3 SSE-S3 or SSE-KMS), or null
   * when the store encrypts by itself (the embedded store) or encryption is off.
   */
  public ObjectStore(String endpoint, String region, String bucket, String accessKey, String secretKey,
      ServerSideEncryption sse) {
    this.sse = sse;
    // Short connect timeout: an unreachable store is noticed quickly and segments stay spooled.
    // Pooled connections are dropped after 10 s idle, before servers' idle timeouts (Jetty in
    // S3Proxy: 30 s) close them under us; a connection closed anyway is retried once by OkHttp.
    this.http = new OkHttpClient.Builder().connectTimeout(2, TimeUnit.SECONDS).writeTimeout(30, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS).connectionPool(new okhttp3.ConnectionPool(8, 10, TimeUnit.SECONDS))
        .retryOnConnectionFailure(true).build();
    MinioClient.Builder b = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).httpClient(http);
    if (region != null && !region.isBlank()) b.region(region);
    this.client = b.build();
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket if it does not exist yet. */
  public void ensureBucket() throws StoreException {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    } catch (Exception e) {
      throw failure("cannot create or check bucket " + bucket, e);
    }
  }

  /** Uploads a file. */
  public void putFile(String key, Path file, String contentType) throws StoreException {
    try {
      client.uploadObject(UploadObjectArgs.builder().bucket(bucket).object(key).filename(file.toString())
          .contentType(contentType).sse(sse).build());
    } catch (Exception e) {
      throw failure("cannot upload " + key, e);
    }
  }

  /** Uploads bytes. */
  public void putBytes(String key, byte[] data, String contentType) throws StoreException {
    try {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(data, data.length)
          .contentType(contentType).sse(sse).build());
    } catch (Exception e) {
      throw failure("cannot upload " + key, e);
    }
  }

  /** The object's bytes. */
  public byte[] get(String key) throws StoreException {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    } catch (Exception e) {
      throw failure("cannot read " + key, e);
    }
  }

  /** The object's bytes, or null when there is no such object. */
  public byte[] getIfExists(String key) throws StoreException {
    try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return in.readAllBytes();
    } catch (ErrorResponseException e) {
      if (missing(e)) return null;
      throw failure("cannot read " + key, e);
    } catch (Exception e) {
      throw failure("cannot read " + key, e);
    }
  }

  /**
   * Whether the bucket has S3 Object Lock switched on, so {@link #putRetained} can write objects
   * nobody can delete or overwrite before their retention ends. False for stores without Object
   * Lock (S3Proxy's filesystem backend answers NotImplemented).
   */
  public boolean objectLockEnabled() {
    try {
      return client.getObjectLockConfiguration(io.minio.GetObjectLockConfigurationArgs.builder().bucket(bucket)
          .build()) != null;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Uploads bytes under Object Lock in compliance mode until {@code retainUntil}. */
  public void putRetained(String key, byte[] data, String contentType, java.time.Instant retainUntil)
      throws StoreException {
    try {
      client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(data, data.length)
          .contentType(contentType).sse(sse).retention(new io.minio.messages.Retention(
              io.minio.messages.RetentionMode.COMPLIANCE, retainUntil.atZone(java.time.ZoneOffset.UTC))).build());
    } catch (Exception e) {
      throw failure("cannot upload " + key + " under object lock", e);
    }
  }

  private static boolean missing(ErrorResponseException e) {
    return "NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code());
  }

  /** Whether the object exists. */
  public boolean exists(String key) throws StoreException {
    try {
      client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      if (missing(e)) return false;
      throw failure("cannot check " + key, e);
    } catch (Exception e) {
      throw failure("cannot check " + key, e);
    }
  }

  /**
   * Every object under {@code prefix}, recursively, in key order. A listing that races a delete can
   * fail with NoSuchKey in the embedded store (its encrypting layer reads each listed object's
   * metadata, and the object may be gone by then); a listing never legitimately answers that, so
   * it is taken again, up to {@value #LIST_TRIES} times.
   */
  public List<Entry> list(String prefix) throws StoreException {
    for (int attempt = 1; ; attempt++) {
      List<Entry> out = new ArrayList<>();
      try {
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
            .recursive(true).build())) {
          Item i = r.get();
          out.add(new Entry(i.objectName(), i.size()));
        }
        return out;
      } catch (ErrorResponseException e) {
        if (!missing(e) || attempt >= LIST_TRIES) throw failure("cannot list " + prefix, e);
      } catch (Exception e) {
        throw failure("cannot list " + prefix, e);
      }
    }
  }

  private static final int LIST_TRIES = 5;

  /** Deletes one object (no error if it does not exist). */
  public void delete(String key) throws StoreException {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      throw failure("cannot delete " + key, e);
    }
  }

  /** A presigned GET URL valid for {@code ttl}. */
  public String presignedGet(String key, Duration ttl) throws StoreException {
    try {
      return client.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Http.Method.GET).bucket(bucket)
          .object(key).expiry((int) ttl.toSeconds(), TimeUnit.SECONDS).build());
    } catch (Exception e) {
      throw failure("cannot presign " + key, e);
    }
  }

  private static StoreException failure(String what, Exception e) {
    if (e instanceof InterruptedException) Thread.currentThread().interrupt();
    String why = e instanceof IOException ? "store unreachable: " + e.getMessage() : e.getMessage();
    return new StoreException(what + ": " + why, e);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    try {
      client.close();
    } catch (Exception e) {
      // closing: nothing to do
    }
  }
}
