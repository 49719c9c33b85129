# Run by CPack on its staging directory after the (stripped) install: removes the compiler's
# .comment and .note sections from the program, as Debian's dh_strip does.
find_program(objcopy NAMES objcopy REQUIRED)
file(GLOB_RECURSE programs "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*/bin/bufferlab")
if(NOT programs)
    message(FATAL_ERROR "strip-sections: no bin/bufferlab under ${CPACK_TEMPORARY_INSTALL_DIRECTORY}")
endif()
foreach(program IN LISTS programs)
    execute_process(COMMAND ${objcopy} --remove-section=.comment --remove-section=.note ${program}
        COMMAND_ERROR_IS_FATAL ANY)
endforeach()
