# Runs OURS and REF (the same program linked against our library and against
# the reference), and fails unless both succeed with identical output.
# Usage: cmake -DOURS=exe -DREF=exe -DWORK=dir -P compare_outputs.cmake
file(MAKE_DIRECTORY ${WORK})
# Our side runs through launch.sh, so $ENET_TEST_WRAPPER (valgrind) applies.
set(OURS_COMMAND bash ${LAUNCH} ${OURS})
set(REF_COMMAND ${REF})
foreach(side OURS REF)
  execute_process(COMMAND ${${side}_COMMAND}
    OUTPUT_FILE ${WORK}/${side}.out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 300)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${side} program ${${side}} failed (${rc}):\n${err}")
  endif()
endforeach()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${WORK}/OURS.out ${WORK}/REF.out
  RESULT_VARIABLE differ)
if(differ)
  execute_process(COMMAND diff -u ${WORK}/REF.out ${WORK}/OURS.out OUTPUT_VARIABLE delta)
  message(FATAL_ERROR "ours differs from the reference (- reference, + ours):\n${delta}")
endif()
file(STRINGS ${WORK}/OURS.out lines)
list(LENGTH lines count)
message(STATUS "identical output, ${count} lines")
