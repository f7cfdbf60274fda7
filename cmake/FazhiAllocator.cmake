# The services and the benchmark's own processes allocate through jemalloc (Debian's
# libjemalloc-dev) rather than glibc's malloc: a gRPC call allocates and frees many small blocks
# on several threads, and glibc's arenas spent about a tenth of the statistics service's CPU on
# it (docs/benchmarks.md, "Fifteenth session"). -DFAZHI_JEMALLOC=OFF builds on glibc's malloc.
# Sanitizer builds never link it: ASan and TSan bring their own allocator.
option(FAZHI_JEMALLOC "Link the servers and the benchmark tools with jemalloc" ON)
# Not the cached find_library result itself: turning the option off in an existing build
# directory must unlink it.
set(FAZHI_SERVER_ALLOCATOR "")
if(FAZHI_JEMALLOC AND NOT FAZHI_SANITIZE)
  find_library(JEMALLOC_LIBRARY NAMES jemalloc REQUIRED)
  set(FAZHI_SERVER_ALLOCATOR ${JEMALLOC_LIBRARY})
  message(STATUS "fazhi: servers allocate through ${JEMALLOC_LIBRARY}")
endif()

# fazhi_use_server_allocator(TARGET...): each executable allocates through jemalloc, with the
# settings of common/alloc/jemalloc_conf.cc. glibc comes last in every link, so jemalloc's malloc
# and free are the ones every library in the process finds (operator new, gRPC, protobuf,
# Connector/C++).
function(fazhi_use_server_allocator)
  if(FAZHI_SERVER_ALLOCATOR)
    foreach(target IN LISTS ARGN)
      target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/common/alloc/jemalloc_conf.cc)
      target_link_libraries(${target} PRIVATE ${FAZHI_SERVER_ALLOCATOR})
    endforeach()
  endif()
endfunction()
