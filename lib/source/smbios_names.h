/* SPDX-License-Identifier: MIT */
/* Enumerated values of SMBIOS structures, spelled as dmidecode 3.6 prints
 * them. Facts from DMTF DSP0134 (SMBIOS 3.7); section numbers in comments.
 * Every function returns a static string; out-of-range codes give
 * "<OUT OF SPEC>". */
#ifndef CA_SOURCE_SMBIOS_NAMES_H
#define CA_SOURCE_SMBIOS_NAMES_H

#include <stdint.h>

#define SMBIOS_OUT_OF_SPEC "<OUT OF SPEC>"

const char *cai_smbios_structure_type_name(uint8_t code); /* 7.1 table of types, for contained elements */
const char *cai_smbios_wake_up_type(uint8_t code);
const char *cai_smbios_board_type(uint8_t code);
const char *cai_smbios_chassis_type(uint8_t code);
const char *cai_smbios_chassis_state(uint8_t code);
const char *cai_smbios_chassis_security(uint8_t code);
const char *cai_smbios_processor_type(uint8_t code);
const char *cai_smbios_processor_family(uint16_t code);
const char *cai_smbios_processor_status(uint8_t code);
const char *cai_smbios_memory_array_location(uint8_t code);
const char *cai_smbios_memory_array_use(uint8_t code);
const char *cai_smbios_memory_array_ecc(uint8_t code);
const char *cai_smbios_memory_form_factor(uint8_t code);
const char *cai_smbios_memory_type(uint8_t code);
const char *cai_smbios_memory_technology(uint8_t code);
const char *cai_smbios_onboard_device_type(uint8_t code);
const char *cai_smbios_power_supply_type(uint8_t code);
const char *cai_smbios_power_supply_status(uint8_t code);
const char *cai_smbios_power_supply_range_switching(uint8_t code);
const char *cai_smbios_processor_upgrade(uint8_t code);

/* Bit tables: name of bit i, or NULL for reserved bits. */
const char *cai_smbios_memory_type_detail_bit(unsigned bit);     /* 7.18.3, bits 1..15 */
const char *cai_smbios_memory_operating_mode_bit(unsigned bit);  /* 7.18.7, bits 1..5 */
const char *cai_smbios_bios_characteristic_bit(unsigned bit);    /* 7.1.1, bits 3..31 */
const char *cai_smbios_bios_characteristic_x1_bit(unsigned bit); /* 7.1.2.1, bits 0..7 */
const char *cai_smbios_bios_characteristic_x2_bit(unsigned bit); /* 7.1.2.2, bits 0..6 */
const char *cai_smbios_board_feature_bit(unsigned bit);          /* 7.3.1, bits 0..4 */
const char *cai_smbios_processor_characteristic_bit(unsigned bit); /* 7.5.9, bits 2..9 */

#endif
