# Installs the build into a temporary prefix, then builds and runs the
# consumer program twice: with pkg-config flags and with find_package(enet).
# Usage: cmake -DBUILD_DIR= -DSOURCE_DIR= -DWORK= -DCC= -DLIBDIR= -DPKG_CONFIG= -P install_consumer.cmake
set(prefix ${WORK}/prefix)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})

foreach(path ${LIBDIR}/libenet.so.7.0.6 ${LIBDIR}/libenet.so.7 ${LIBDIR}/libenet.so
             include/enet/enet.h include/enet/protocol.h include/enet/list.h
             include/enet/types.h include/enet/callbacks.h include/enet/unix.h
             include/enet/utility.h include/enet/time.h
             ${LIBDIR}/pkgconfig/libenet.pc ${LIBDIR}/cmake/enet/enetConfig.cmake
             ${LIBDIR}/cmake/enet/enetConfigVersion.cmake)
  if(NOT EXISTS ${prefix}/${path})
    message(FATAL_ERROR "not installed: ${path}")
  endif()
endforeach()
foreach(link libenet.so.7 libenet.so)
  if(NOT IS_SYMLINK ${prefix}/${LIBDIR}/${link})
    message(FATAL_ERROR "${link} is not a symlink")
  endif()
endforeach()

# pkg-config: our .pc must be found first, and locate the moved prefix.
set(ENV{PKG_CONFIG_PATH} ${prefix}/${LIBDIR}/pkgconfig)
run(${PKG_CONFIG} --modversion libenet)
string(STRIP "${last_output}" version)
if(NOT version STREQUAL "1.3.18")
  message(FATAL_ERROR "pkg-config found libenet ${version}, not ours (1.3.18)")
endif()
run(${PKG_CONFIG} --cflags --libs libenet)
separate_arguments(flags UNIX_COMMAND "${last_output}")
run(${CC} ${SOURCE_DIR}/consumer.c ${flags} -Wl,-rpath,${prefix}/${LIBDIR} -o ${WORK}/consumer_pkgconfig)
run(${WORK}/consumer_pkgconfig)
message(STATUS "pkg-config consumer: ${last_output}")

# find_package(enet) from the installed CMake package.
run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK}/cmake-build -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_C_COMPILER=${CC})
run(${CMAKE_COMMAND} --build ${WORK}/cmake-build)
run(${WORK}/cmake-build/consumer)
message(STATUS "find_package consumer: ${last_output}")
