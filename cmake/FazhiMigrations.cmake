# fazhi_embed_migrations(TARGET <target> DIR <dir> NAMESPACE <c++ namespace>)
#
# Versioned migration files (NNNN_name.sql, or NNNN_name.sqlite.sql / NNNN_name.mysql.sql where
# the dialects differ) are compiled into the binary, so a service migrates its own schema at
# start-up or with --migrate_only without shipping loose files.
function(fazhi_embed_migrations)
  cmake_parse_arguments(ARG "" "TARGET;DIR;NAMESPACE" "" ${ARGN})
  file(GLOB sql_files CONFIGURE_DEPENDS ${ARG_DIR}/*.sql)
  list(SORT sql_files)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${ARG_TARGET}_migrations.cc)
  # A ';'-separated list would reach the shell as a command separator once a directory holds
  # more than one file, so the list travels '|'-separated and EmbedMigrations.cmake splits it.
  string(REPLACE ";" "|" files_arg "${sql_files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNAMESPACE=${ARG_NAMESPACE} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    DEPENDS ${sql_files} ${PROJECT_SOURCE_DIR}/cmake/EmbedMigrations.cmake
    COMMENT "Embedding migrations for ${ARG_TARGET}"
    VERBATIM)
  target_sources(${ARG_TARGET} PRIVATE ${out})
endfunction()
