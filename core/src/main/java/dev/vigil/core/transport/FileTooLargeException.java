package dev.vigil.core.transport;

import java.nio.file.FileSystemException;

/** A file was larger than the bound of the read; nothing of it was kept. */
public class FileTooLargeException extends FileSystemException {
  private static final long serialVersionUID = 1L;

  private final long size;
  private final long limit;

  public FileTooLargeException(String path, long size, long limit) {
    super(path, null, "file is " + size + " bytes, larger than the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  public long size() {
    return size;
  }

  public long limit() {
    return limit;
  }
}
