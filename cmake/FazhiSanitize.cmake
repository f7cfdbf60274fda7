# FAZHI_SANITIZE: build every fazhi target with sanitizers (compile and link).
#   -DFAZHI_SANITIZE=address,undefined   ASan + UBSan (LSan comes with ASan)
#   -DFAZHI_SANITIZE=thread              TSan
# CMakePresets.json has presets for both (build-asan, build-tsan); scripts/test runs them.
# Debian's gRPC, protobuf and Abseil are not instrumented: see docs/reliability.md, "Sanitizers",
# and the suppression files in tests/sanitizers/.
set(FAZHI_SANITIZE "" CACHE STRING "Sanitizers for every fazhi target: address,undefined or thread")

# Debian 12's Abseil (inline namespace debian3) synchronization entry points our code calls.
# Under TSan every executable links them through common/sanitize/tsan_absl.cc, which tells TSan
# what they do: the library is not instrumented, so TSan would otherwise see no lock at all.
set(FAZHI_TSAN_ABSL_SYMBOLS
    _ZN4absl7debian35Mutex4LockEv _ZN4absl7debian35Mutex6UnlockEv
    _ZN4absl7debian35Mutex7TryLockEv _ZN4absl7debian35Mutex10ReaderLockEv
    _ZN4absl7debian35Mutex12ReaderUnlockEv _ZN4absl7debian35Mutex13ReaderTryLockEv
    _ZN4absl7debian35MutexD1Ev
    _ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE
    _ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE
    _ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE
    _ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE
    _ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE
    _ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE
    _ZN4absl7debian37CondVar4WaitEPNS0_5MutexE
    _ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE
    _ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE
    _ZN4absl7debian312Notification6NotifyEv
    _ZNK4absl7debian312Notification19WaitForNotificationEv
    _ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE
    _ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE
    _ZN4absl7debian315BlockingCounter14DecrementCountEv
    _ZN4absl7debian315BlockingCounter4WaitEv)

if(FAZHI_SANITIZE)
  string(REPLACE "," ";" _fazhi_sanitizers "${FAZHI_SANITIZE}")
  foreach(s IN LISTS _fazhi_sanitizers)
    if(NOT s MATCHES "^(address|undefined|thread)$")
      message(FATAL_ERROR "FAZHI_SANITIZE: unknown sanitizer '${s}' (address, undefined, thread)")
    endif()
  endforeach()
  if("thread" IN_LIST _fazhi_sanitizers AND "address" IN_LIST _fazhi_sanitizers)
    message(FATAL_ERROR "FAZHI_SANITIZE: thread cannot be combined with address")
  endif()
  set(_fazhi_sanitize_flags -fsanitize=${FAZHI_SANITIZE} -fno-omit-frame-pointer)
  if("undefined" IN_LIST _fazhi_sanitizers)
    # A UBSan finding aborts the test instead of printing and carrying on.
    list(APPEND _fazhi_sanitize_flags -fno-sanitize-recover=all)
  endif()
  # -O1, as the sanitizers' own documentation advises, and line tables (enough for symbolized
  # reports): a cold instrumented tree costs markedly less to compile than at -O2 -g.
  add_compile_options(${_fazhi_sanitize_flags} -O1 -g1)
  add_link_options(${_fazhi_sanitize_flags})
  if("thread" IN_LIST _fazhi_sanitizers)
    foreach(sym IN LISTS FAZHI_TSAN_ABSL_SYMBOLS)
      add_link_options(LINKER:--wrap=${sym})
    endforeach()
  endif()
  message(STATUS "fazhi: sanitizers ${FAZHI_SANITIZE}")
endif()

# Called once at the end of the top-level CMakeLists.txt: under TSan, every executable gets the
# Abseil annotations the --wrap options above route to.
function(fazhi_sanitize_executables)
  if(NOT "thread" IN_LIST _fazhi_sanitizers)
    return()
  endif()
  add_library(fazhi_tsan_absl OBJECT ${PROJECT_SOURCE_DIR}/common/sanitize/tsan_absl.cc)
  target_compile_options(fazhi_tsan_absl PRIVATE ${FAZHI_WARNINGS})
  target_link_libraries(fazhi_tsan_absl PRIVATE absl::synchronization)
  set(dirs ${PROJECT_SOURCE_DIR})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${subdirs})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_sources(${t} PRIVATE $<TARGET_OBJECTS:fazhi_tsan_absl>)
      endif()
    endforeach()
  endwhile()
endfunction()
