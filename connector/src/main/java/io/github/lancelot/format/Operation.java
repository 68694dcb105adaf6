package io.github.lancelot.format;

/** The names of the operations recorded in {@link CommitInfo#operation()}. */
public final class Operation {
  public static final String CREATE_TABLE = "CREATE TABLE";
  public static final String REPLACE_TABLE = "REPLACE TABLE";
  public static final String APPEND = "APPEND";
  public static final String OVERWRITE = "OVERWRITE";
  public static final String DELETE = "DELETE";
  public static final String UPDATE = "UPDATE";
  public static final String MERGE = "MERGE";
  public static final String ADD_COLUMNS = "ADD COLUMNS";
  public static final String CHANGE_SCHEMA = "CHANGE SCHEMA";
  public static final String CREATE_INDEX = "CREATE INDEX";
  public static final String DROP_INDEX = "DROP INDEX";
  public static final String SET_PROPERTIES = "SET PROPERTIES";
  public static final String RESTORE = "RESTORE";
  public static final String OPTIMIZE = "OPTIMIZE";

  /** One micro-batch of a streaming query: an append, or a replacement of every row. */
  public static final String STREAMING_UPDATE = "STREAMING UPDATE";

  private Operation() {}
}
