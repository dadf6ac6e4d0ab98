package org.telerounds.recorder.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyConstants;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.middleware.EncryptedBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded object store of a single-machine install: S3Proxy, a real S3 protocol server
 * (SigV4, multipart, presigned URLs), storing objects as files under {@code dir}. Listens on
 * loopback only. Objects are encrypted at rest with S3Proxy's encrypting middleware (AES, key
 * derived from a key kept in the secrets directory, see {@link EmbeddedStoreSecrets}); clients,
 * presigned URLs included, read plaintext through the S3 API.
 * Production installs point telerounds at MinIO or S3 instead.
 */
public final class EmbeddedS3 implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("recorder.store");
  private final S3Proxy proxy;
  private final String endpoint;

  private EmbeddedS3(S3Proxy proxy, String endpoint) {
    this.proxy = proxy;
    this.endpoint = endpoint;
  }

  /** Starts on {@code 127.0.0.1:port} (0 picks a free port) with the given access keys, unencrypted. */
  public static EmbeddedS3 start(Path dir, int port, String accessKey, String secretKey) throws IOException {
    return start(dir, port, accessKey, secretKey, null);
  }

  /**
   * Starts on {@code 127.0.0.1:port} (0 picks a free port). With a {@code key} (48 bytes: password
   * and salt, see {@link EmbeddedStoreSecrets#encryptionKey}), every object is encrypted at rest.
   * Losing the key makes the stored recordings unreadable.
   */
  public static EmbeddedS3 start(Path dir, int port, String accessKey, String secretKey, byte[] key)
      throws IOException {
    // Object files are encrypted, but their names (round ids, audit sequence numbers), sizes and
    // times are not: only the service user may look inside the store's directory.
    PrivateFiles.createDirectories(dir);
    if (PrivateFiles.narrow(dir)) {
      LOG.warn("recorder: {} was open to other users; narrowed to rwx------", dir);
    }
    BlobStore blobs = new FilesystemNio2BlobStore(dir.toAbsolutePath().toString());
    blobs = new MissingEtagBlobStore(blobs); // objects restored without their xattrs stay readable
    if (key != null) {
      Properties p = new Properties();
      p.setProperty(S3ProxyConstants.PROPERTY_ENCRYPTED_BLOBSTORE, "true");
      p.setProperty(S3ProxyConstants.PROPERTY_ENCRYPTED_BLOBSTORE_PASSWORD,
          Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(key, 0, 32)));
      p.setProperty(S3ProxyConstants.PROPERTY_ENCRYPTED_BLOBSTORE_SALT,
          Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(key, 32, 48)));
      blobs = EncryptedBlobStore.newEncryptedBlobStore(blobs, p);
    }
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(blobs)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .jettyMaxThreads(16)
        .build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) throw new IOException("the embedded S3 server did not start: " + proxy.getState());
        Thread.sleep(5);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IOException("cannot start the embedded S3 server on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    return new EmbeddedS3(proxy, "http://127.0.0.1:" + proxy.getPort());
  }

  /** The endpoint URL clients use, e.g. {@code http://127.0.0.1:9000}. */
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      // stopping: nothing useful to do with the error
    }
  }
}
