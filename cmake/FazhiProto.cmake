# fazhi_proto_library(NAME <target> PROTOS <files relative to proto/> [DEPS <proto targets>]
#                     [NO_GRPC])
#
# Compiles a proto package once, with messages and gRPC stubs, into a static library that
# services, tools and tests link. Imports resolve against proto/ and the protobuf includes.
function(fazhi_proto_library)
  cmake_parse_arguments(ARG "NO_GRPC" "NAME" "PROTOS;DEPS" ${ARGN})
  set(proto_root ${PROJECT_SOURCE_DIR}/proto)
  set(out_dir ${PROJECT_BINARY_DIR}/proto)
  set(abs_protos "")
  foreach(p IN LISTS ARG_PROTOS)
    list(APPEND abs_protos ${proto_root}/${p})
  endforeach()
  add_library(${ARG_NAME} STATIC)
  target_sources(${ARG_NAME} PRIVATE ${abs_protos})
  target_link_libraries(${ARG_NAME} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${ARG_DEPS})
  target_include_directories(${ARG_NAME} PUBLIC ${out_dir})
  file(MAKE_DIRECTORY ${out_dir})
  protobuf_generate(TARGET ${ARG_NAME} LANGUAGE cpp IMPORT_DIRS ${proto_root}
                    PROTOC_OUT_DIR ${out_dir})
  if(ARG_NO_GRPC)
    return()
  endif()
  protobuf_generate(TARGET ${ARG_NAME} LANGUAGE grpc GENERATE_EXTENSIONS .grpc.pb.h .grpc.pb.cc
                    PLUGIN "protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
                    IMPORT_DIRS ${proto_root} PROTOC_OUT_DIR ${out_dir})
endfunction()
